/* sync_sql: SQLite SQL -> PostgreSQL SQL (see sync_sql.h). */
#include "sync_sql.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/banned.h"

enum { T_WORD, T_QID, T_STR, T_NUM, T_OP, T_END };

#define TOKEN_TEXT_MAX (1 << 20)	/* SQL text added before or after a token */
#define EXPR_TEXT_MAX (1 << 20)		/* an expression or a list of them, as SQL text */

struct tok {
	int type;
	const char *s;		/* in the source text */
	size_t n;
	const char *ws;		/* white space and comments before it */
	size_t wsn;
	int depth;		/* parentheses around it (a parenthesis: outside itself) */
	int match;		/* ( and ): the other one; -1 */
	char *text;		/* replacement text, or NULL */
	int del;
	struct buf pre, post;	/* text added before and after it */
};

struct tr {
	struct tok *t;
	int n;
	int aliases;
	struct buf *why;
	int bad;
	const struct sqlpg_tables *tables;
};

static int is_word(const struct tok *k, const char *w)
{
	return k->type == T_WORD && strlen(w) == k->n && !strncasecmp(k->s, w, k->n);
}

static int tokenize(struct tr *tr, const char *sql)
{
	const char *p = sql, *ws;
	int cap = 0;

	for (;;) {
		struct tok *k;
		ws = p;
		for (;;) {
			if (isspace((unsigned char)*p))
				p++;
			else if (p[0] == '-' && p[1] == '-') {
				while (*p && *p != '\n')
					p++;
			} else if (p[0] == '/' && p[1] == '*') {
				const char *e = strstr(p + 2, "*/");
				p = e ? e + 2 : p + strlen(p);
			} else
				break;
		}
		if (tr->n + 1 >= cap) {
			struct tok *nt;
			cap = cap ? cap * 2 : 256;
			if (!(nt = realloc(tr->t, (size_t)cap * sizeof(*nt))))
				return -1;
			tr->t = nt;
		}
		k = &tr->t[tr->n];
		memset(k, 0, sizeof(*k));
		buf_init(&k->pre, TOKEN_TEXT_MAX);
		buf_init(&k->post, TOKEN_TEXT_MAX);
		k->ws = ws;
		k->wsn = (size_t)(p - ws);
		k->s = p;
		k->match = -1;
		if (!*p) {
			k->type = T_END;
			tr->n++;
			return 0;
		}
		if (isalpha((unsigned char)*p) || *p == '_' || (unsigned char)*p >= 0x80) {
			while (isalnum((unsigned char)*p) || *p == '_' || *p == '$' || (unsigned char)*p >= 0x80)
				p++;
			k->type = T_WORD;
		} else if (isdigit((unsigned char)*p) || (*p == '.' && isdigit((unsigned char)p[1]))) {
			while (isalnum((unsigned char)*p) || *p == '.' ||
			       ((*p == '+' || *p == '-') && (p[-1] == 'e' || p[-1] == 'E')))
				p++;
			k->type = T_NUM;
		} else if (*p == '\'') {
			for (p++; *p; p++)
				if (*p == '\'') {
					if (p[1] == '\'')
						p++;
					else
						break;
				}
			if (*p)
				p++;
			k->type = T_STR;
		} else if (*p == '"' || *p == '`' || *p == '[') {
			char close = *p == '[' ? ']' : *p;
			for (p++; *p; p++)
				if (*p == close) {
					if (p[1] == close && close != ']')
						p++;
					else
						break;
				}
			if (*p)
				p++;
			k->type = T_QID;
		} else {
			static const char *const ops[] = { "||", "<=", ">=", "<>", "!=", "==", "<<", ">>", "->>", "->", NULL };
			int i;
			k->type = T_OP;
			for (i = 0; ops[i]; i++)
				if (!strncmp(p, ops[i], strlen(ops[i])))
					break;
			p += ops[i] ? strlen(ops[i]) : 1;
		}
		k->n = (size_t)(p - k->s);
		tr->n++;
	}
}

static int is_op(const struct tok *k, const char *op)
{
	return k->type == T_OP && strlen(op) == k->n && !strncmp(k->s, op, k->n);
}

/* depths and matching parentheses; -1 when they do not balance */
static int parens(struct tr *tr)
{
	int *stack = malloc(((size_t)tr->n + 1) * sizeof(int)), sp = 0, i;

	if (!stack)
		return -1;
	for (i = 0; i < tr->n; i++) {
		struct tok *k = &tr->t[i];
		if (is_op(k, "(")) {
			k->depth = sp;
			stack[sp++] = i;
		} else if (is_op(k, ")")) {
			if (!sp) {
				free(stack);
				return -1;
			}
			k->match = stack[--sp];
			tr->t[k->match].match = i;
			k->depth = sp;
		} else
			k->depth = sp;
	}
	free(stack);
	return sp ? -1 : 0;
}

static void fail(struct tr *tr, const char *what)
{
	if (!tr->bad && tr->why) {
		buf_reset(tr->why);
		buf_adds(tr->why, what);
	}
	tr->bad = 1;
}

static void set_text(struct tok *k, const char *s)
{
	free(k->text);
	k->text = strdup(s);
}

static void add_pre(struct tok *k, const char *s)
{
	struct buf b = BUF_INIT(TOKEN_TEXT_MAX);
	buf_adds(&b, s);
	buf_add(&b, buf_part(&b, &k->pre), k->pre.len);
	buf_release(&k->pre);
	k->pre = b;
}

static void add_post(struct tok *k, const char *s)
{
	buf_adds(&k->post, s);
}

/* keywords that end a table reference or a clause (never an alias) */
static int is_clause_word(const struct tok *k)
{
	static const char *const w[] = { "ON", "USING", "JOIN", "LEFT", "RIGHT", "FULL", "INNER", "CROSS", "NATURAL",
		"OUTER", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "UNION", "INTERSECT", "EXCEPT", "WINDOW",
		"SELECT", "FROM", "AS", "OFFSET", "VALUES", "SET", "RETURNING", NULL };
	int i;

	if (k->type != T_WORD)
		return 0;
	for (i = 0; w[i]; i++)
		if (is_word(k, w[i]))
			return 1;
	return 0;
}

static void render_range(struct tr *tr, int a, int b, struct buf *out, int lower)
{
	int i;

	for (i = a; i <= b && i < tr->n; i++) {
		struct tok *k = &tr->t[i];
		if (i > a && k->wsn)
			buf_addc(out, ' ');
		buf_add(out, buf_part(out, &k->pre), k->pre.len);
		if (!k->del) {
			const char *s = k->text ? k->text : k->s;
			size_t n = k->text ? strlen(k->text) : k->n, j;
			if (lower)
				for (j = 0; j < n; j++)
					buf_addc(out, tolower((unsigned char)s[j]));
			else
				buf_add(out, s, n);
		}
		buf_add(out, buf_part(out, &k->post), k->post.len);
	}
}

/* The end (exclusive) of the select core starting at SELECT token s: a compound
 * operator, ORDER BY/LIMIT of the compound left to the caller, or the closing
 * parenthesis, at the same depth. */
static int core_end(struct tr *tr, int s)
{
	int d = tr->t[s].depth, i;

	for (i = s + 1; i < tr->n; i++) {
		struct tok *k = &tr->t[i];
		if (k->type == T_END || (is_op(k, ")") && k->depth < d))
			return i;
		if (k->depth == d && (is_word(k, "UNION") || is_word(k, "INTERSECT") || is_word(k, "EXCEPT")))
			return i;
	}
	return tr->n - 1;
}

/* first token at depth d in [a, b) that is word w, else -1 */
static int find_word(struct tr *tr, int a, int b, int d, const char *w)
{
	int i;

	for (i = a; i < b; i++)
		if (tr->t[i].depth == d && is_word(&tr->t[i], w))
			return i;
	return -1;
}

/* the end (exclusive) of the clause starting at a, at depth d, before b */
static int clause_end(struct tr *tr, int a, int b, int d)
{
	static const char *const w[] = { "FROM", "WHERE", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", NULL };
	int i, j;

	for (i = a; i < b; i++) {
		if (tr->t[i].depth != d)
			continue;
		for (j = 0; w[j]; j++)
			if (is_word(&tr->t[i], w[j]))
				return i;
	}
	return b;
}

struct item {
	int a, b;		/* tokens of the expression, inclusive */
	int alias;		/* token of its alias, or -1 */
};

/* splits [a, b) at commas of depth d into items (with "AS alias" or a trailing alias) */
static int split_items(struct tr *tr, int a, int b, int d, struct item **out, int with_alias)
{
	struct item *it = NULL;
	int n = 0, i, s = a;

	for (i = a; i <= b; i++) {
		if (i == b || (tr->t[i].depth == d && is_op(&tr->t[i], ","))) {
			struct item *ni;
			if (i == s)
				continue;
			if (!(ni = realloc(it, (size_t)(n + 1) * sizeof(*it)))) {
				free(it);
				return -1;
			}
			it = ni;
			it[n].a = s;
			it[n].b = i - 1;
			it[n].alias = -1;
			if (with_alias && i - 1 > s) {
				struct tok *last = &tr->t[i - 1], *before = &tr->t[i - 2];
				if ((last->type == T_WORD || last->type == T_QID) && !is_clause_word(last) &&
				    (is_word(before, "AS") || before->type == T_WORD || before->type == T_QID ||
				     is_op(before, ")") || before->type == T_STR || before->type == T_NUM) &&
				    !is_word(last, "END") && !is_word(last, "NULL") && !is_op(before, ".") &&
				    !(before->type == T_WORD && (is_word(before, "CASE") || is_word(before, "ELSE") ||
								  is_word(before, "THEN") || is_word(before, "WHEN") ||
								  is_word(before, "AND") || is_word(before, "OR") ||
								  is_word(before, "NOT") || is_word(before, "IS") ||
								  is_word(before, "DISTINCT")))) {
					it[n].alias = i - 1;
					it[n].b = is_word(before, "AS") ? i - 3 : i - 2;
				}
			}
			n++;
			s = i + 1;
		}
	}
	*out = it;
	return n;
}

static int is_aggregate_call(struct tr *tr, int i)
{
	static const char *const agg[] = { "count", "sum", "total", "avg", "min", "max", "group_concat",
		"string_agg", "array_agg", NULL };
	struct tok *k = &tr->t[i];
	int j, args = 1, close;

	if (k->type != T_WORD || !is_op(&tr->t[i + 1], "("))
		return 0;
	for (j = 0; agg[j]; j++)
		if (is_word(k, agg[j]))
			break;
	if (!agg[j])
		return 0;
	close = tr->t[i + 1].match;
	if (close < 0)
		return 0;
	if (close + 1 < tr->n && is_word(&tr->t[close + 1], "OVER"))
		return 0;
	if (is_word(k, "min") || is_word(k, "max")) {
		for (j = i + 2; j < close; j++)
			if (tr->t[j].depth == tr->t[i + 1].depth + 1 && is_op(&tr->t[j], ","))
				args++;
		return args == 1;
	}
	return 1;
}

/* 1 when the expression [a, b] holds an aggregate of its own query (not of a subquery) */
static int has_aggregate(struct tr *tr, int a, int b)
{
	int i;

	for (i = a; i <= b; i++) {
		if (is_op(&tr->t[i], "(") && (is_word(&tr->t[i + 1], "SELECT") || is_word(&tr->t[i + 1], "WITH"))) {
			i = tr->t[i].match;
			continue;
		}
		if (is_aggregate_call(tr, i))
			return 1;
	}
	return 0;
}

static int is_constant(struct tr *tr, int a, int b)
{
	int i;

	for (i = a; i <= b; i++) {
		struct tok *k = &tr->t[i];
		if (!(k->type == T_STR || k->type == T_NUM || is_word(k, "NULL") || is_op(k, "-") || is_op(k, "+")))
			return 0;
	}
	return 1;
}

static int same_expr(struct tr *tr, const struct item *x, const struct item *y)
{
	struct buf a = BUF_INIT(EXPR_TEXT_MAX), b = BUF_INIT(EXPR_TEXT_MAX);
	int r;

	render_range(tr, x->a, x->b, &a, 1);
	render_range(tr, y->a, y->b, &b, 1);
	if (buf_error(&a) || buf_error(&b))
		fail(tr, "an expression is too long (or out of memory)");
	r = a.len == b.len && (!a.len || !memcmp(a.data, b.data, a.len));
	buf_release(&a);
	buf_release(&b);
	return r;
}

static int tok_eq(const struct tok *x, const struct tok *y)
{
	return x->n == y->n && !strncasecmp(x->s, y->s, x->n);
}

/* GROUP BY: SQLite lets a select leave columns bare; PostgreSQL wants them grouped */
static void fix_group_by(struct tr *tr, int sel, int end)
{
	int d = tr->t[sel].depth, from, grp, gend, ni, ng, i, j;
	struct item *items = NULL, *groups = NULL;
	struct buf add = BUF_INIT(EXPR_TEXT_MAX);

	grp = find_word(tr, sel, end, d, "GROUP");
	if (grp < 0 || !is_word(&tr->t[grp + 1], "BY"))
		return;
	from = clause_end(tr, sel + 1, end, d);
	gend = clause_end(tr, grp + 2, end, d);
	ni = split_items(tr, sel + 1 + is_word(&tr->t[sel + 1], "DISTINCT") + is_word(&tr->t[sel + 1], "ALL"),
			 from, d, &items, 1);
	ng = split_items(tr, grp + 2, gend, d, &groups, 0);
	if (ni < 0 || ng < 0)
		goto out;
	for (i = 0; i < ni; i++) {
		int grouped = 0;
		if (has_aggregate(tr, items[i].a, items[i].b) || is_constant(tr, items[i].a, items[i].b) ||
		    is_op(&tr->t[items[i].b], "*"))
			continue;
		for (j = 0; j < ng && !grouped; j++) {
			const struct tok *g = &tr->t[groups[j].a];
			if (same_expr(tr, &items[i], &groups[j]))
				grouped = 1;
			else if (groups[j].a == groups[j].b && items[i].alias >= 0 && tok_eq(g, &tr->t[items[i].alias]))
				grouped = 1;
			else if (groups[j].a == groups[j].b && g->type == T_NUM && atoi(g->s) == i + 1)
				grouped = 1;
		}
		if (grouped)
			continue;
		buf_adds(&add, ", ");
		render_range(tr, items[i].a, items[i].b, &add, 0);
	}
	if (buf_error(&add))
		fail(tr, "the GROUP BY to add is too long (or out of memory)");
	else if (add.len)
		add_post(&tr->t[gend - 1], add.data);
out:
	free(items);
	free(groups);
	buf_release(&add);
}

/* SELECT DISTINCT a ... ORDER BY b, b not selected: GROUP BY a ORDER BY min(b) */
static void fix_distinct_order(struct tr *tr, int sel, int end)
{
	int d = tr->t[sel].depth, from, ord, oend, ni, no, i, j, changed = 0;
	struct item *items = NULL, *ords = NULL;
	struct buf grp = BUF_INIT(EXPR_TEXT_MAX);

	if (!is_word(&tr->t[sel + 1], "DISTINCT"))
		return;
	ord = find_word(tr, sel, tr->n, d, "ORDER");
	if (ord < 0 || ord > end + 0 || !is_word(&tr->t[ord + 1], "BY"))
		ord = -1;
	if (ord < 0) {
		/* ORDER BY after the core (a compound's, or this select's own) */
		ord = find_word(tr, end, tr->n, d, "ORDER");
		if (ord < 0 || ord != end || !is_word(&tr->t[ord + 1], "BY"))
			return;
	}
	if (find_word(tr, sel, end, d, "GROUP") >= 0)
		return;
	from = clause_end(tr, sel + 2, end, d);
	oend = clause_end(tr, ord + 2, tr->n, d);
	for (i = ord + 2; i < oend; i++)
		if (tr->t[i].type == T_END || (is_op(&tr->t[i], ")") && tr->t[i].depth < d)) {
			oend = i;
			break;
		}
	ni = split_items(tr, sel + 2, from, d, &items, 1);
	no = split_items(tr, ord + 2, oend, d, &ords, 0);
	if (ni < 0 || no < 0)
		goto out;
	for (j = 0; j < no; j++) {
		struct item o = ords[j];
		int found = 0;
		/* DESC/ASC/NULLS ... are not part of the expression */
		while (o.b > o.a && (is_word(&tr->t[o.b], "DESC") || is_word(&tr->t[o.b], "ASC")))
			o.b--;
		for (i = 0; i < ni && !found; i++)
			found = same_expr(tr, &items[i], &o) ||
				(o.a == o.b && items[i].alias >= 0 && tok_eq(&tr->t[o.a], &tr->t[items[i].alias]));
		if (found)
			continue;
		add_pre(&tr->t[o.a], "min(");
		add_post(&tr->t[o.b], ")");
		changed = 1;
	}
	if (!changed)
		goto out;
	tr->t[sel + 1].del = 1;
	buf_adds(&grp, " GROUP BY ");
	for (i = 0; i < ni; i++) {
		if (i)
			buf_adds(&grp, ", ");
		render_range(tr, items[i].a, items[i].b, &grp, 0);
	}
	if (buf_error(&grp))
		fail(tr, "the GROUP BY to add is too long (or out of memory)");
	else
		add_post(&tr->t[ord - 1], grp.data);
out:
	free(items);
	free(ords);
	buf_release(&grp);
}

/* PARTITION BY CASE ... THEN x ELSE y END: the results as text (SQLite compares
 * values of any type; PostgreSQL wants one type; grouping alone is kept) */
static void fix_partition_case(struct tr *tr, int p)
{
	int d = tr->t[p].depth, i, end;

	for (end = p + 2; end < tr->n; end++) {
		struct tok *k = &tr->t[end];
		if (k->type == T_END || (is_op(k, ")") && k->depth < d) || (k->depth == d && is_word(k, "ORDER")))
			break;
	}
	for (i = p + 2; i < end; i++) {
		int nest = 0, j, start = -1;
		if (!is_word(&tr->t[i], "CASE"))
			continue;
		for (j = i + 1; j < end; j++) {
			struct tok *k = &tr->t[j];
			int boundary = 0;
			if (is_word(k, "CASE"))
				nest++;
			else if (is_word(k, "END")) {
				if (!nest--)
					boundary = 2;
			} else if (!nest && k->depth == tr->t[i].depth &&
				   (is_word(k, "WHEN") || is_word(k, "ELSE") || is_word(k, "THEN")))
				boundary = 1;
			if (boundary) {
				if (start >= 0 && start < j) {
					add_pre(&tr->t[start], "(");
					add_post(&tr->t[j - 1], ")::text");
				}
				start = (is_word(k, "THEN") || is_word(k, "ELSE")) ? j + 1 : -1;
				if (boundary == 2)
					break;
			}
		}
		i = j;
	}
}

/* the table (its name token) that `x.rowid` or a bare rowid at token i reads: x's, or the only
 * table of the FROM clause of the select around it; -1 when it cannot tell */
static int rowid_table(struct tr *tr, int i)
{
	int m = tr->t[i].depth, j, sel = -1, from, end, found = -1, n = 0;
	const struct tok *qual = i >= 2 && is_op(&tr->t[i - 1], ".") ? &tr->t[i - 2] : NULL;

	for (j = i - 1; j >= 0; j--) {
		if (tr->t[j].depth < m)
			m = tr->t[j].depth;
		if (is_word(&tr->t[j], "SELECT") && tr->t[j].depth == m) {
			sel = j;
			break;
		}
	}
	if (sel < 0)
		return -1;
	end = core_end(tr, sel);
	if ((from = find_word(tr, sel, end, m, "FROM")) < 0)
		return -1;
	end = clause_end(tr, from + 1, end, m);
	/* table references: after FROM, a comma or JOIN; a name, then maybe AS and an alias */
	for (j = from + 1; j < end; j++) {
		struct tok *k = &tr->t[j];
		int name, alias = -1;
		if (k->depth != m || !(j == from + 1 || is_op(&tr->t[j - 1], ",") || is_word(&tr->t[j - 1], "JOIN")))
			continue;
		if (is_op(k, "(")) {	/* a subquery: no rowid of its own */
			j = k->match > 0 ? k->match : j;
			n++;
			continue;
		}
		if (k->type != T_WORD && k->type != T_QID)
			continue;
		name = j;
		if (is_op(&tr->t[j + 1], ".") && j + 2 < end)
			name = j = j + 2;
		if (is_word(&tr->t[j + 1], "AS"))
			alias = j + 2;
		else if ((tr->t[j + 1].type == T_WORD && !is_clause_word(&tr->t[j + 1])) || tr->t[j + 1].type == T_QID)
			alias = j + 1;
		n++;
		if (qual && ((alias >= 0 && tok_eq(&tr->t[alias], qual)) || (alias < 0 && tok_eq(&tr->t[name], qual))))
			return name;
		found = name;
	}
	return !qual && n == 1 ? found : -1;
}

static const char *rowid_column(struct tr *tr, int i)
{
	int t = rowid_table(tr, i);
	const char *c;

	if (t < 0 || !tr->tables || !tr->tables->rowid)
		return "gw_row";
	c = tr->tables->rowid(tr->tables->arg, tr->t[t].s, tr->t[t].n);
	return c ? c : "gw_row";
}

static void rewrite(struct tr *tr)
{
	int i, d;
	char alias[32];

	for (i = 0; i < tr->n - 1 && !tr->bad; i++) {
		struct tok *k = &tr->t[i], *nx = &tr->t[i + 1];
		int fcall = is_op(nx, "(");

		if (is_op(k, "==")) {
			set_text(k, "=");
		} else if (k->type == T_QID && (*k->s == '`' || *k->s == '[')) {
			char *q = malloc(k->n + 1);
			size_t j, m = 0;
			if (!q)
				continue;
			q[m++] = '"';
			for (j = 1; j + 1 < k->n; j++)
				if (k->s[j] != '"')
					q[m++] = k->s[j];
			q[m++] = '"';
			q[m] = 0;
			free(k->text);
			k->text = q;
		} else if (is_word(k, "GLOB") || is_word(k, "MATCH") || is_word(k, "REGEXP")) {
			fail(tr, "GLOB, MATCH or REGEXP");
		} else if (is_word(k, "LIKE")) {
			set_text(k, "ILIKE");
			if (nx->type == T_STR && memchr(nx->s, '\\', nx->n) && !is_word(&tr->t[i + 2], "ESCAPE"))
				add_post(nx, " ESCAPE ''");
		} else if (is_word(k, "IS")) {
			if (is_word(nx, "NOT")) {
				struct tok *x = &tr->t[i + 2];
				if (!is_word(x, "NULL") && !is_word(x, "TRUE") && !is_word(x, "FALSE") && !is_word(x, "DISTINCT")) {
					set_text(k, "IS DISTINCT FROM");
					nx->del = 1;
				}
			} else if (!is_word(nx, "NULL") && !is_word(nx, "TRUE") && !is_word(nx, "FALSE") &&
				   !is_word(nx, "DISTINCT")) {
				set_text(k, "IS NOT DISTINCT FROM");
			}
		} else if (is_word(k, "IN") && (nx->type == T_WORD || nx->type == T_QID) && !fcall) {
			int last = i + 1;
			if (is_op(&tr->t[i + 2], ".") && tr->t[i + 3].type != T_END)
				last = i + 3;
			if (!is_op(&tr->t[last + 1], "(")) {	/* not a table-valued function */
				add_pre(nx, "(SELECT * FROM ");
				add_post(&tr->t[last], ")");
			}
		} else if (is_word(k, "CAST") && fcall && nx->match > 0) {
			int close = nx->match, as = -1, j;
			struct buf type = BUF_INIT(BUF_WORD_MAX);
			for (j = i + 2; j < close; j++)
				if (tr->t[j].depth == nx->depth + 1 && is_word(&tr->t[j], "AS"))
					as = j;
			if (as < 0) {
				fail(tr, "CAST without AS");
				break;
			}
			render_range(tr, as + 1, close - 1, &type, 1);
			if (buf_error(&type)) {
				fail(tr, "a CAST's type is too long (or out of memory)");
				buf_release(&type);
				break;
			}
			if (strstr(buf_str(&type), "int")) {
				set_text(k, "sqlite_int");
				for (j = as; j < close; j++)
					tr->t[j].del = 1;
			} else if (strstr(buf_str(&type), "char") || strstr(buf_str(&type), "clob") ||
				   strstr(buf_str(&type), "text")) {
				set_text(&tr->t[as + 1], "text");
				for (j = as + 2; j < close; j++)
					tr->t[j].del = 1;
			} else if (strstr(buf_str(&type), "blob")) {
				set_text(&tr->t[as + 1], "bytea");
				for (j = as + 2; j < close; j++)
					tr->t[j].del = 1;
			} else if (strstr(buf_str(&type), "real") || strstr(buf_str(&type), "floa") ||
				   strstr(buf_str(&type), "doub")) {
				set_text(&tr->t[as + 1], "double precision");
				for (j = as + 2; j < close; j++)
					tr->t[j].del = 1;
			} else {
				set_text(&tr->t[as + 1], "numeric");
				for (j = as + 2; j < close; j++)
					tr->t[j].del = 1;
			}
			buf_release(&type);
		} else if ((is_word(k, "printf") || is_word(k, "format")) && fcall && nx->match > 0) {
			int close = nx->match, j, arg = 0, s = i + 2;
			set_text(k, "printf");
			for (j = i + 2; j <= close; j++) {
				if (j == close || (tr->t[j].depth == nx->depth + 1 && is_op(&tr->t[j], ","))) {
					if (arg++ && s < j) {
						add_pre(&tr->t[s], "(");
						add_post(&tr->t[j - 1], ")::text");
					}
					s = j + 1;
				}
			}
		} else if (is_word(k, "ifnull") && fcall) {
			set_text(k, "coalesce");
		} else if ((is_word(k, "date") || is_word(k, "time") || is_word(k, "datetime")) && fcall &&
			   !(i > 0 && is_op(&tr->t[i - 1], "."))) {
			/* date(...) is a type's cast in PostgreSQL: SQLite's are defined as sqlite_date... */
			char name[32];
			snprintf(name, sizeof(name), "sqlite_%.*s", (int)k->n, k->s);
			set_text(k, name);
		} else if ((is_word(k, "rowid") || is_word(k, "_rowid_") || is_word(k, "oid")) && !fcall) {
			set_text(k, rowid_column(tr, i));
		} else if (is_word(k, "PARTITION") && is_word(nx, "BY")) {
			fix_partition_case(tr, i);
		} else if (is_op(k, "(") && (is_word(nx, "SELECT") || is_word(nx, "WITH") || is_word(nx, "VALUES")) &&
			   i > 0 && k->match > 0) {
			/* a derived table: after FROM, JOIN, or a comma of a FROM clause */
			struct tok *pv = &tr->t[i - 1];
			int derived = is_word(pv, "FROM") || is_word(pv, "JOIN");
			if (!derived && is_op(pv, ",")) {
				int j;
				for (j = i - 2; j >= 0; j--) {
					struct tok *b = &tr->t[j];
					if (b->depth < k->depth)
						break;
					if (b->depth != k->depth)
						continue;
					if (is_word(b, "FROM")) {
						derived = 1;
						break;
					}
					if (is_word(b, "SELECT") || is_word(b, "WHERE") || is_word(b, "BY") ||
					    is_word(b, "HAVING") || is_word(b, "SET") || is_word(b, "VALUES"))
						break;
				}
			}
			if (derived) {
				struct tok *after = &tr->t[k->match + 1];
				if (!(is_word(after, "AS") || after->type == T_QID ||
				      (after->type == T_WORD && !is_clause_word(after)))) {
					snprintf(alias, sizeof(alias), " AS gw_d%d", ++tr->aliases);
					add_post(&tr->t[k->match], alias);
				}
			}
		} else if (is_word(k, "JOIN")) {
			/* JOIN t without ON: SQLite takes it as a cross join */
			int j = i + 1, crossing = i > 0 && (is_word(&tr->t[i - 1], "CROSS") || is_word(&tr->t[i - 1], "NATURAL"));
			if (crossing)
				continue;
			if (is_op(&tr->t[j], "(")) {
				j = tr->t[j].match;
				if (j < 0)
					break;
			} else if (is_op(&tr->t[j + 1], ".")) {
				j += 2;
			}
			if (is_op(&tr->t[j + 1], "(") && tr->t[j + 1].match > 0)	/* table-valued function */
				j = tr->t[j + 1].match;
			if (is_word(&tr->t[j + 1], "AS"))
				j += 2;
			else if ((tr->t[j + 1].type == T_WORD && !is_clause_word(&tr->t[j + 1])) || tr->t[j + 1].type == T_QID)
				j++;
			if (!is_word(&tr->t[j + 1], "ON") && !is_word(&tr->t[j + 1], "USING"))
				add_post(&tr->t[j], " ON TRUE");
		}
	}
	/* the clauses of each select core */
	for (d = 0, i = 0; i < tr->n; i++) {
		int end;
		if (!is_word(&tr->t[i], "SELECT"))
			continue;
		end = core_end(tr, i);
		fix_distinct_order(tr, i, end);
		fix_group_by(tr, i, end);
		d++;
	}
}

static void tr_free(struct tr *tr)
{
	int i;

	for (i = 0; i < tr->n; i++) {
		free(tr->t[i].text);
		buf_release(&tr->t[i].pre);
		buf_release(&tr->t[i].post);
	}
	free(tr->t);
}

int sqlpg_translate(const char *sql, const struct sqlpg_tables *tables, struct buf *out, struct buf *why)
{
	struct tr tr = { NULL, 0, 0, why, 0, tables };
	int i, r = -1;

	if (tokenize(&tr, sql)) {
		fail(&tr, "out of memory");
		goto out;
	}
	if (parens(&tr)) {
		fail(&tr, "unbalanced parentheses");
		goto out;
	}
	rewrite(&tr);
	if (tr.bad)
		goto out;
	for (i = 0; i < tr.n; i++) {
		struct tok *k = &tr.t[i];
		if (!k->del || k->pre.len || k->post.len)	/* a token taken out takes its space */
			buf_add(out, k->ws, k->wsn);
		buf_add(out, buf_part(out, &k->pre), k->pre.len);
		if (!k->del && k->type != T_END)
			buf_add(out, k->text ? k->text : k->s, k->text ? strlen(k->text) : k->n);
		buf_add(out, buf_part(out, &k->post), k->post.len);
	}
	if (buf_error(out)) {
		fail(&tr, buf_strerror(out));
		goto out;
	}
	r = 0;
out:
	tr_free(&tr);
	return r;
}

int sqlpg_view_select(const char *sql, size_t *start)
{
	struct tr tr = { NULL, 0, 0, NULL, 0, NULL };
	int i, r = -1;

	if (tokenize(&tr, sql) || parens(&tr))
		goto out;
	if (tr.n < 5 || !is_word(&tr.t[0], "CREATE"))
		goto out;
	for (i = 1; i < tr.n; i++) {
		if (is_word(&tr.t[i], "AS") && tr.t[i].depth == 0 && i >= 3) {
			*start = (size_t)(tr.t[i + 1].ws - sql);
			r = 0;
			break;
		}
	}
out:
	tr_free(&tr);
	return r;
}

int sqlpg_table_checks(const char *sql, struct buf *checks)
{
	struct tr tr = { NULL, 0, 0, NULL, 0, NULL };
	int i, n = 0;

	if (tokenize(&tr, sql) || parens(&tr))
		goto out;
	for (i = 0; i + 1 < tr.n; i++) {
		if (is_word(&tr.t[i], "CHECK") && is_op(&tr.t[i + 1], "(") && tr.t[i + 1].match > 0) {
			int close = tr.t[i + 1].match;
			if (n++)
				buf_addc(checks, '\n');
			buf_add(checks, tr.t[i + 1].s, (size_t)(tr.t[close].s + 1 - tr.t[i + 1].s));
			i = close;
		}
	}
out:
	tr_free(&tr);
	return n;
}
