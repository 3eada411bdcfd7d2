/*
 * The report as one JSON object (documented in README.md): the report's
 * quarter and dates, the sections' text, one array of row objects per table
 * (keyed by table id), each row with "sources": the sha256 of its documents.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "lib/json.h"
#include "report.h"

#include "lib/banned.h"

static void rows(struct jw *w, const struct report *r, const struct rtable *t)
{
	int i, c, k;

	jw_key(w, t->id);
	jw_arr_open(w);
	for (i = 0; i < t->nrows; i++) {
		jw_obj_open(w);
		for (c = 0; c < t->ncol; c++) {
			const struct rcell *v = &t->cells[(size_t)i * (size_t)t->ncol + (size_t)c];
			jw_key(w, t->cols[c].key);
			if (v->null)
				jw_null(w);
			else if (t->cols[c].fmt == CF_TEXT)
				jw_strz(w, v->s);
			else if (t->cols[c].fmt == CF_FLAG)
				jw_bool(w, v->v != 0);
			else if (v->v == floor(v->v) && fabs(v->v) < 9007199254740992.0)
				jw_int(w, (int64_t)v->v);	/* 200, not 2e+02 */
			else
				jw_num(w, v->v);
		}
		jw_key(w, "sources");
		jw_arr_open(w);
		for (k = 0; k < t->nsrc[i]; k++)
			jw_strz(w, r->docs[t->src[i][k]].sha);
		jw_arr_close(w);
		jw_obj_close(w);
	}
	jw_arr_close(w);
}

int out_json(const struct report *r, const char *only, struct buf *b)
{
	struct jw w;
	int i, j;

	jw_init(&w, b);
	jw_obj_open(&w);
	jw_key(&w, "report");
	jw_strz(&w, "gigawatt quarterly capacity report");
	jw_key(&w, "quarter");
	jw_strz(&w, r->quarter);
	jw_key(&w, "as_of");
	jw_strz(&w, r->as_of[0] ? r->as_of : NULL);
	jw_key(&w, "generated");
	jw_strz(&w, r->generated);
	jw_key(&w, "sections");
	jw_arr_open(&w);
	for (i = 0; i < r->nsec; i++) {
		const struct rsection *s = &r->sec[i];
		if (only && strcmp(s->id, only))
			continue;
		jw_obj_open(&w);
		jw_key(&w, "id");
		jw_strz(&w, s->id);
		jw_key(&w, "title");
		jw_strz(&w, s->title);
		jw_key(&w, "text");
		jw_str(&w, s->intro.data, s->intro.len);
		jw_key(&w, "tables");
		jw_arr_open(&w);
		for (j = 0; j < s->nt; j++)
			jw_strz(&w, s->t[j]->id);
		jw_arr_close(&w);
		jw_obj_close(&w);
	}
	jw_arr_close(&w);
	for (i = 0; i < r->nsec; i++)
		for (j = 0; j < r->sec[i].nt; j++)
			if (!only || !strcmp(r->sec[i].id, only))
				rows(&w, r, r->sec[i].t[j]);
	jw_obj_close(&w);
	buf_addc(b, '\n');
	return w.err ? -1 : 0;
}
