#include "resolve.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "db.h"

#include "lib/banned.h"

static const char *const suffixes[] = {
	"inc", "incorporated", "llc", "l l c", "corp", "corporation", "co", "company", "ltd",
	"limited", "plc", "lp", "llp", "group", "holdings", "sa", "ag", "gmbh", "nv", "bv", NULL,
};

int name_fold(const char *s, size_t n, int stop, struct buf *out)
{
	size_t i;
	int space = 1;

	for (i = 0; i < n && s[i] && (!stop || s[i] != stop); i++) {
		unsigned char c = (unsigned char)s[i];
		if (isalnum(c) || c >= 0x80) {
			if (buf_addc(out, tolower(c)))
				return -1;
			space = 0;
		} else if (!space) {
			if (buf_addc(out, ' '))
				return -1;
			space = 1;
		}
	}
	buf_rtrim(out);
	return 0;
}

int operator_norm(const char *s, size_t n, struct buf *out)
{
	int changed;

	buf_reset(out);
	if (name_fold(s, n, '#', out))
		return -1;
	do {	/* drop legal suffixes, repeatedly: "Foo Holdings, Inc." */
		const char *const *sf;
		changed = 0;
		for (sf = suffixes; *sf; sf++) {
			size_t k = strlen(*sf);
			if (out->len > k + 1 && out->data[out->len - k - 1] == ' ' &&
			    !memcmp(out->data + out->len - k, *sf, k)) {
				out->len -= k + 1;
				out->data[out->len] = '\0';
				changed = 1;
			}
		}
	} while (changed);
	return 0;
}

int key_norm(const char *s, size_t n, struct buf *out)
{
	size_t i;
	int space = 0;

	buf_reset(out);
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isspace(c)) {
			space = 1;
			continue;
		}
		if (space && buf_addc(out, ' '))
			return -1;
		space = 0;
		if (buf_addc(out, tolower(c)))
			return -1;
	}
	return 0;
}

int resolver_init(struct resolver *r, sqlite3 *db)
{
	buf_init(&r->norm, BUF_NAME_MAX);
	buf_init(&r->clean, BUF_TEXT_MAX);
	buf_init(&r->partners, BUF_TEXT_MAX);
	buf_init(&r->unresolved, BUF_TEXT_MAX);
	r->lookup = store_prepare(db,
		"SELECT a.operator, coalesce(p.rank, 99) FROM operator_aliases a"
		" LEFT JOIN operator_priority p ON p.operator = a.operator WHERE a.alias = ?1");
	return r->lookup ? 0 : -1;
}

void resolver_release(struct resolver *r)
{
	sqlite3_finalize(r->lookup);
	r->lookup = NULL;
	buf_release(&r->norm);
	buf_release(&r->clean);
	buf_release(&r->partners);
	buf_release(&r->unresolved);
}

int resolve_operator(struct resolver *r, const char *name, size_t n, char *id, size_t max)
{
	return resolve_operator_list(r, name, n, id, max, &r->partners, &r->unresolved);
}

/* Looks up the normalised name in r->norm: 1 (id and rank set), 0, -1. */
static int lookup(struct resolver *r, char *id, size_t max, int *rank)
{
	int found = 0, rc;

	if (!r->norm.len)
		return 0;
	sqlite3_bind_text(r->lookup, 1, r->norm.data, (int)r->norm.len, SQLITE_STATIC);
	rc = sqlite3_step(r->lookup);
	if (rc == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(r->lookup, 0);
		size_t k = v ? strlen(v) : 0;
		if (k >= max)
			k = max - 1;
		memcpy(id, v ? v : "", k);
		id[k] = '\0';
		*rank = sqlite3_column_int(r->lookup, 1);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		found = -1;
	}
	sqlite3_reset(r->lookup);
	return found;
}

static int is_sep(const char *s, size_t n, size_t i)
{
	if (s[i] && strchr(",;/|+", s[i]))
		return 1;
	return s[i] == '&' && i && s[i - 1] == ' ' && i + 1 < n && s[i + 1] == ' ';
}

/* a member that is no name of its own: a legal suffix split off ("Inc."), a letter ("A/S") */
static int no_name(const struct buf *norm)
{
	const char *const *sf;

	if (norm->len < 2)
		return 1;
	for (sf = suffixes; *sf; sf++)
		if (!strcmp(norm->data, *sf))
			return 1;
	return 0;
}

#define LIST_MAX 32	/* members of one list considered */

int resolve_operator_list(struct resolver *r, const char *name, size_t n, char *primary, size_t max,
			  struct buf *partners, struct buf *unresolved)
{
	char ids[LIST_MAX][128];
	int ranks[LIST_MAX], nid = 0, rank, rc, best = -1, i, j;
	size_t k, start;

	buf_reset(partners);
	buf_reset(unresolved);
	buf_reset(&r->clean);
	/* drop Epoch's confidence tags: "#likely" up to the next separator */
	for (k = 0; k < n && name[k]; k++) {
		if (name[k] == '#') {
			while (k + 1 < n && name[k + 1] && !is_sep(name, n, k + 1))
				k++;
			continue;
		}
		if (buf_addc(&r->clean, name[k]))
			return 0;
	}
	if (!r->clean.len)
		return 0;
	if (operator_norm(r->clean.data, r->clean.len, &r->norm))
		return 0;
	rc = lookup(r, primary, max, &rank);
	if (rc)
		return rc;
	/* not one known name: a list? */
	for (k = 0; k < r->clean.len && !is_sep(r->clean.data, r->clean.len, k); k++)
		;
	if (k == r->clean.len)
		return 0;
	for (start = 0, k = 0; k <= r->clean.len; k++) {
		const char *m;
		size_t ml;

		if (k < r->clean.len && !is_sep(r->clean.data, r->clean.len, k))
			continue;
		m = r->clean.data + start;
		ml = k - start;
		start = k + 1;
		while (ml && isspace((unsigned char)*m))
			m++, ml--;
		while (ml && isspace((unsigned char)m[ml - 1]))
			ml--;
		if (!ml || operator_norm(m, ml, &r->norm) || no_name(&r->norm))
			continue;
		if (nid < LIST_MAX && (rc = lookup(r, ids[nid], sizeof(ids[nid]), &ranks[nid])) != 0) {
			if (rc < 0)
				return -1;
			nid++;
			continue;
		}
		if ((unresolved->len && buf_adds(unresolved, ", ")) || buf_add(unresolved, m, ml))
			return -1;
	}
	if (!nid)
		return 0;
	for (i = 0; i < nid; i++)
		if (best < 0 || ranks[i] < ranks[best] ||
		    (ranks[i] == ranks[best] && strcmp(ids[i], ids[best]) < 0))
			best = i;
	snprintf(primary, max, "%s", ids[best]);
	/* the others, sorted and unique: a selection over the few members */
	for (;;) {
		const char *next = NULL;
		for (i = 0; i < nid; i++) {
			if (!strcmp(ids[i], ids[best]))
				continue;
			if (partners->len) {	/* greater than the last one added */
				const char *last = partners->data;
				for (j = (int)partners->len - 1; j >= 0; j--)
					if (partners->data[j] == ',') {
						last = partners->data + j + 1;
						break;
					}
				if (strcmp(ids[i], last) <= 0)
					continue;
			}
			if (!next || strcmp(ids[i], next) < 0)
				next = ids[i];
		}
		if (!next)
			break;
		if ((partners->len && buf_addc(partners, ',')) || buf_adds(partners, next))
			return -1;
	}
	return 1;
}
