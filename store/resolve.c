#include "resolve.h"

#include <ctype.h>
#include <string.h>

#include "db.h"

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
	if (!out->data)
		return buf_adds(out, "");
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
	if (!out->data)
		return buf_adds(out, "");
	return 0;
}

int resolver_init(struct resolver *r, sqlite3 *db)
{
	buf_init(&r->norm, 4096);
	r->lookup = store_prepare(db, "SELECT operator FROM operator_aliases WHERE alias = ?1");
	return r->lookup ? 0 : -1;
}

void resolver_release(struct resolver *r)
{
	sqlite3_finalize(r->lookup);
	r->lookup = NULL;
	buf_release(&r->norm);
}

int resolve_operator(struct resolver *r, const char *name, size_t n, char *id, size_t max)
{
	int found = 0, rc;

	if (operator_norm(name, n, &r->norm))
		return 0;
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
		found = 1;
	} else if (rc != SQLITE_DONE) {
		found = -1;
	}
	sqlite3_reset(r->lookup);
	return found;
}
