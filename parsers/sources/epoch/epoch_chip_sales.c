/*
 * Epoch AI "AI chip sales" exports (ai-chip-counts, csv_export/): units
 * shipped per quarter and chip type for NVIDIA, Google TPU, AMD and Amazon
 * Trainium, each file with its own column order (columns are found by
 * header name), and NVIDIA's cumulative totals.
 *
 * Quarters. Every row states its period as Start date / End date (M/D/YYYY);
 * the record's quarter is the calendar quarter of those dates, and the row is
 * rejected unless both fall in one quarter. The Name column's label must
 * agree: "Q1 2024 - ..." is a calendar quarter; AMD's "FY24 Q1 - ..." is a
 * fiscal label, and AMD's fiscal year is the calendar year (it ends on the
 * last Saturday of December), so FY24 Qn is 2024Qn; the dates say the same
 * (FY24 Q1 = 1/1/2024-3/31/2024). A label that disagrees with the dates is
 * warned about and the dates win. (TPU rows flagged "based on Broadcom fiscal
 * quarters" are already mapped to calendar quarters by Epoch.)
 *
 * Cumulative totals (nvidia_cumulative_totals.csv, "Nvidia total Q1 2022 to
 * Q4 2022"): these restate the per-quarter NVIDIA rows summed, so they are
 * emitted as shipment records with sku "cumulative" (quarter = the last
 * quarter covered) that gw-report never adds to the per-quarter figures; it
 * uses them to cross-check the sum of the quarters.
 *
 * The records' as_of is the "Estimates generated on: MM-DD-YYYY" date of the
 * Notes column when present.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "lib/dates.h"
#include "parsers/formats/csv.h"
#include "parsers/parser.h"

#include "lib/banned.h"

enum { S_NAME, S_MAKER, S_START, S_END, S_H100E, S_UNITS, S_U5, S_U95, S_MW, S_TYPE, S_NOTES,
       S_CUNITS, S_CU5, S_CU95, S_CH100E, S_CMW, S_N };

static const struct colspec cols[] = {
	{ "Name", 1 }, { "Chip manufacturer", 1 }, { "Start date", 1 }, { "End date", 1 },
	{ "Compute estimate in H100e (median)", 0 }, { "Number of Units", 0 },
	{ "Number of Units (5th percentile)", 0 }, { "Number of Units (95th percentile)", 0 },
	{ "Power in MW (median)", 0 }, { "Chip type", 0 }, { "Notes", 0 },
	{ "Number of units (median)", 0 }, { "Number of units (5th percentile)", 0 },
	{ "Number of units (95th percentile)", 0 }, { "Compute estimate in H100e (median)", 0 },
	{ "Power in MW (median)", 0 },
	{ NULL, 0 },
};

static int detect(const struct gw_doc *doc)
{
	struct csv c;
	struct row r;
	int s = 0;

	csv_init(&c, (const char *)doc->data, doc->len, ',');
	if (csv_next(&c, &r, NULL) == 1 && header_col(&r, "Chip manufacturer") >= 0 &&
	    header_col(&r, "Start date") >= 0 && header_col(&r, "End date") >= 0) {
		s = 40;
		/* header_col folds case: "Number of Units" and "Number of units (median)" */
		if (header_col(&r, "Number of Units") >= 0 ||
		    header_col(&r, "Number of units (median)") >= 0)
			s = 90;
	}
	csv_release(&c);
	return s;
}

/* "Estimates generated on: 03-31-2026 17:12" -> "2026-03-31" */
static int notes_date(const struct cell *c, char out[11])
{
	const unsigned char *h = mem_find((const unsigned char *)c->s, c->len, "generated on:");
	const char *s, *end = c->s + c->len;
	int m, d, y;

	if (!h)
		return -1;
	s = (const char *)h + 13;
	while (s < end && *s == ' ')
		s++;
	if (end - s < 10 || !isdigit((unsigned char)s[0]) || s[2] != '-' || s[5] != '-')
		return -1;
	m = (s[0] - '0') * 10 + s[1] - '0';
	d = (s[3] - '0') * 10 + s[4] - '0';
	if (!isdigit((unsigned char)s[6]) || !isdigit((unsigned char)s[7]) ||
	    !isdigit((unsigned char)s[8]) || !isdigit((unsigned char)s[9]))
		return -1;
	y = (s[6] - '0') * 1000 + (s[7] - '0') * 100 + (s[8] - '0') * 10 + (s[9] - '0');
	if (!date_valid(y, m, d))
		return -1;
	date_fmt(days_from_civil(y, m, d), out);
	return 0;
}

/*
 * The quarter a Name label states: "Q1 2024 - X" (calendar), "FY24 Q1 - X"
 * (AMD fiscal = calendar, see above), "Nvidia total Q1 2022 to Q4 2022" (the
 * last one). -1 when the label has none.
 */
static int label_quarter(const struct cell *c)
{
	const char *s = c->s, *end = c->s + c->len, *t;
	int q = -1, idx;

	for (t = s; t + 7 <= end; t++) {
		if (t[0] == 'Q' && t[1] >= '1' && t[1] <= '4' && t[2] == ' ' &&
		    !quarter_parse(t, 7, &idx))
			q = idx;
		if (t[0] == 'F' && t[1] == 'Y' && isdigit((unsigned char)t[2]) &&
		    isdigit((unsigned char)t[3]) && t[4] == ' ' && t[5] == 'Q' && t[6] >= '1' && t[6] <= '4')
			q = (2000 + (t[2] - '0') * 10 + (t[3] - '0')) * 4 + (t[6] - '1');
	}
	return q;
}

static int num_of(const struct row *r, int col, double *v)
{
	struct cell c = row_cell(r, col);

	if (col < 0 || cell_empty(&c))
		return 0;
	return cell_num(r, col, v) ? -1 : 1;
}

static int parse(struct gw_parse *p)
{
	struct csv c;
	struct buf err = BUF_INIT(BUF_MSG_MAX);	/* why a record failed */
	struct row hdr, r;
	int idx[S_N], rc, cumulative;
	char asof[11];

	csv_init(&c, (const char *)p->doc->data, p->doc->len, ',');
	if (csv_next(&c, &hdr, &err) != 1) {
		pfatal(p, "no header row");
		goto out;
	}
	parse_note_header(p, NULL, &hdr);
	if (header_map(&hdr, cols, idx)) {
		pfatal(p, "header lacks Name, Chip manufacturer, Start date or End date: "
		     "not an Epoch chip sales export");
		goto out;
	}
	/* header_col folds case, so both spellings map to both slots: tell them apart exactly */
	cumulative = idx[S_CUNITS] >= 0 && mem_find((const unsigned char *)hdr.cells[idx[S_CUNITS]].s,
				hdr.cells[idx[S_CUNITS]].len, "units (median)") != NULL;
	if (cumulative) {
		idx[S_UNITS] = idx[S_CUNITS];
		idx[S_U5] = idx[S_CU5];
		idx[S_U95] = idx[S_CU95];
	}
	if (idx[S_UNITS] < 0) {
		pfatal(p, "header has no Number of Units column");
		goto out;
	}
	while ((rc = csv_next(&c, &r, &err)) != 0) {
		struct cell nc, st, en, tc, no;
		char d1[11], d2[11], q1[8], q2[8], sku[128], maker[64], why[200];
		int qi, ql;
		double units, v;

		if (rc < 0) {
			rec_reject(p, c.raw, c.rawlen, buf_str(&err), "line %ld", r.line);
			buf_reset(&err);
			continue;
		}
		if (row_empty(&r))
			continue;
		nc = row_cell(&r, idx[S_NAME]);
		st = row_cell(&r, idx[S_START]);
		en = row_cell(&r, idx[S_END]);
		if (date_parse(st.s, st.len, d1) || date_parse(en.s, en.len, d2)) {
			rec_reject(p, c.raw, c.rawlen, "start or end date is not a date", "line %ld", r.line);
			continue;
		}
		quarter_of_date(d2, q2);
		quarter_of_date(d1, q1);
		if (!cumulative && strcmp(q1, q2)) {
			snprintf(why, sizeof(why), "period %s..%s is not one calendar quarter", d1, d2);
			rec_reject(p, c.raw, c.rawlen, why, "line %ld", r.line);
			continue;
		}
		quarter_parse(q2, 6, &qi);
		ql = label_quarter(&nc);
		if (ql >= 0 && ql != qi) {
			char lq[8];
			quarter_fmt(ql, lq);
			pwarn(p, "line %ld: label '%.*s' says %s but the dates say %s; the dates are used",
			      r.line, (int)(nc.len > 60 ? 60 : nc.len), nc.s, lq, q2);
		}
		if (num_of(&r, idx[S_UNITS], &units) != 1) {
			char raw[48];
			cell_copy(&r, idx[S_UNITS], raw, sizeof(raw));
			snprintf(why, sizeof(why), "number of units '%s' is not a number", raw);
			rec_reject(p, c.raw, c.rawlen, why, "line %ld", r.line);
			continue;
		}
		if (cumulative) {
			strn_trim_copy(sku, sizeof(sku), "cumulative", 10);
		} else if (tc = row_cell(&r, idx[S_TYPE]), idx[S_TYPE] >= 0 && !cell_empty(&tc)) {
			strn_trim_copy(sku, sizeof(sku), tc.s, tc.len);
		} else {
			const unsigned char *dash = mem_find((const unsigned char *)nc.s, nc.len, " - ");
			if (!dash) {
				rec_reject(p, c.raw, c.rawlen, "no chip type", "line %ld", r.line);
				continue;
			}
			strn_trim_copy(sku, sizeof(sku), (const char *)dash + 3,
				       nc.len - (size_t)((const char *)dash + 3 - nc.s));
		}
		cell_copy(&r, idx[S_MAKER], maker, sizeof(maker));
		no = row_cell(&r, idx[S_NOTES]);
		rec_begin(p, "shipment");
		rec_str(p, "designer", maker);
		rec_str(p, "sku", sku);
		rec_str(p, "quarter", q2);
		rec_num(p, "units", units);
		if (num_of(&r, idx[S_U5], &v) == 1)
			rec_num(p, "units_p5", v);
		if (num_of(&r, idx[S_U95], &v) == 1)
			rec_num(p, "units_p95", v);
		if (num_of(&r, idx[S_H100E], &v) == 1)
			rec_num(p, "h100e", v);
		if (num_of(&r, idx[S_MW], &v) == 1)
			rec_num(p, "power_mw", v);
		if (idx[S_NOTES] >= 0 && !notes_date(&no, asof))
			rec_set_as_of(p, asof);
		rec_end(p, "line %ld", r.line);
	}
out:
	csv_release(&c);
	buf_release(&err);
	return p->nerr ? -1 : 0;
}

const struct parser parser_epoch_chip_sales = {
	"epoch-chip-sales",
	"Epoch AI chip sales by quarter (NVIDIA, TPU, AMD, Trainium; NVIDIA cumulative totals)",
	detect,
	parse,
};
