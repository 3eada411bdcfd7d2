/* Assumptions (every parameter with its value and source) and Sources (every document cited). */
#include <stdio.h>
#include <string.h>

#include "sections.h"

#include "lib/banned.h"

static const struct rcol par_cols[] = {
	{ "name", "parameter", CF_TEXT }, { "value", "value", CF_TEXT }, { "origin", "from", CF_TEXT },
	{ "source", "source", CF_TEXT },
};

int section_assumptions(struct report *r, const struct specs *sp)
{
	struct rsection *s = section_new(r, "assumptions", "Assumptions");
	struct rtable *t = rt_new(r, s, "assumptions", "Model parameters used", par_cols, 4);
	const struct params *ps = r->ps;
	int i, over = 0;

	for (i = 0; i < ps->n; i++) {
		int row = rt_row(r, t);
		char v[32];
		snprintf(v, sizeof(v), "%.6g", ps->p[i].value);
		rt_str(r, t, row, 0, ps->p[i].name);
		rt_str(r, t, row, 1, v);
		rt_str(r, t, row, 2, ps->p[i].origin);
		rt_str(r, t, row, 3, ps->p[i].source);
		over += ps->p[i].overridden;
	}
	section_say(r, s, "%d parameters; %d overridden (--set or --scenario). Defaults are in schemas/params.conf; "
		    "the accelerator table (%d SKUs) is the seeded Epoch AI chip_types table (ai-chip-counts "
		    "@10c28e48).", ps->n, over, sp->n);
	return r->oom ? -1 : 0;
}

static const struct rcol src_cols[] = {
	{ "n", "#", CF_NUM }, { "doc", "document (sha256)", CF_TEXT }, { "name", "name", CF_TEXT },
	{ "published", "published", CF_TEXT }, { "first_seen", "first seen", CF_TEXT }, { "url", "url", CF_TEXT },
};

int section_sources(struct report *r)
{
	struct rsection *s = section_new(r, "sources", "Sources");
	struct rtable *t = rt_new(r, s, "sources", "Documents cited", src_cols, 6);
	sqlite3_stmt *q = NULL;
	int i, epoch = 0;

	if (r->db && sqlite3_prepare_v2(r->db, "SELECT published, parser LIKE 'epoch-%' FROM documents"
					" WHERE sha256 = ?1", -1, &q, NULL) != SQLITE_OK)
		q = NULL;
	for (i = 0; i < r->ndocs; i++) {
		int row = rt_row(r, t);
		rt_num(t, row, 0, i + 1);
		rt_str(r, t, row, 1, r->docs[i].sha);
		rt_str(r, t, row, 2, r->docs[i].name);
		if (q) {
			sqlite3_bind_text(q, 1, r->docs[i].sha, -1, SQLITE_STATIC);
			if (sqlite3_step(q) == SQLITE_ROW) {
				if (sqlite3_column_type(q, 0) != SQLITE_NULL)
					rt_str(r, t, row, 3, (const char *)sqlite3_column_text(q, 0));
				epoch += sqlite3_column_int(q, 1);
			}
			sqlite3_reset(q);
		}
		if (r->docs[i].first_seen) {
			char d[11];
			snprintf(d, sizeof(d), "%s", r->docs[i].first_seen);	/* the date is enough here */
			rt_str(r, t, row, 4, d);
		}
		rt_str(r, t, row, 5, r->docs[i].url);
	}
	sqlite3_finalize(q);
	section_say(r, s, "Every figure above lists the documents it comes from as [n]; the full sha256 finds the "
		    "document in the store (documents table) and in the raw store. Published: the date the document "
		    "speaks as of (its own, or the date in its name), where known.");
	if (epoch)
		section_say(r, s, "Data on AI data centers, GPU clusters, machine learning hardware and AI chip sales "
			    "(%d of the documents above): Epoch AI, https://epoch.ai/data, licensed under CC BY 4.0.", epoch);
	return r->oom ? -1 : 0;
}
