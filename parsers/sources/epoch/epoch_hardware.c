/*
 * Epoch AI "Machine Learning Hardware" table (ml_hardware.csv), both schemas
 * seen: Dec 2025 (39 columns, "Memory size per board (Byte)") and April 2026
 * (re-ordered, "Memory (bytes)"). Columns are found by header name, so order
 * does not matter. Each row -> an `accelerator` record keyed by the table's
 * own hardware name ("NVIDIA H100 SXM5 80GB").
 *
 * ops8 is the larger of the INT8 OP/s and FP8 FLOP/s columns (the 8-bit
 * figure Epoch's chip counts use; some parts cut INT8 but not FP8); hbm_gb is the memory in bytes / 1e9. The table writes
 * `inf` in derived columns (price-performance of a chip without a price); a
 * non-finite value in a column we read is left out, never stored.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lib/dates.h"
#include "parsers/formats/csv.h"
#include "parsers/parser.h"

#include "lib/banned.h"

enum { H_NAME, H_VENDOR, H_RELEASED, H_PRICE, H_BF16, H_INT8, H_FP8, H_MEM1, H_MEM2, H_TDP, H_N };

static const struct colspec cols[] = {
	{ "Hardware name", 1 }, { "Manufacturer", 0 }, { "Release date", 0 },
	{ "Release price (USD)", 0 }, { "Tensor-FP16/BF16 performance (FLOP/s)", 1 },
	{ "INT8 performance (OP/s)", 0 }, { "FP8 performance (FLOP/s)", 0 },
	{ "Memory size per board (Byte)", 0 }, { "Memory (bytes)", 0 }, { "TDP (W)", 1 },
	{ NULL, 0 },
};

static int detect(const struct gw_doc *doc)
{
	struct csv c;
	struct row r;
	int s = 0;

	csv_init(&c, (const char *)doc->data, doc->len, ',');
	if (csv_next(&c, &r, NULL) == 1 && header_col(&r, "Hardware name") >= 0) {
		s = 40;
		if (header_col(&r, "TDP (W)") >= 0 &&
		    header_col(&r, "Tensor-FP16/BF16 performance (FLOP/s)") >= 0)
			s = 90;
	}
	csv_release(&c);
	return s;
}

/*
 * A numeric cell: 1 with *v set, 0 when empty or non-finite (`inf`, `nan`:
 * left out), -1 when it is not a number at all.
 */
static int num_cell(const struct row *r, int col, double *v)
{
	struct cell c = row_cell(r, col);
	char t[32];

	if (col < 0 || cell_empty(&c))
		return 0;
	strn_trim_copy(t, sizeof(t), c.s, c.len);
	if (!strcmp(t, "inf") || !strcmp(t, "-inf") || !strcmp(t, "nan"))
		return 0;
	if (cell_num(r, col, v))
		return -1;
	return isfinite(*v) ? 1 : 0;
}

static int parse(struct gw_parse *p)
{
	static const struct { int col; const char *field; double scale; } nums[] = {
		{ H_TDP, "tdp_w", 1 }, { H_BF16, "bf16_flops", 1 }, { H_PRICE, "unit_cost_usd", 1 },
	};
	struct csv c;
	struct buf err = BUF_INIT(BUF_MSG_MAX);	/* why a record failed */
	struct row hdr, r;
	int idx[H_N], rc;
	size_t i;

	csv_init(&c, (const char *)p->doc->data, p->doc->len, ',');
	if (csv_next(&c, &hdr, &err) != 1) {
		pfatal(p, "no header row");
		goto out;
	}
	parse_note_header(p, NULL, &hdr);
	if (header_map(&hdr, cols, idx)) {
		pfatal(p, "header lacks a required column (Hardware name, TDP (W), "
		     "Tensor-FP16/BF16 performance (FLOP/s)): not an Epoch ML hardware table");
		goto out;
	}
	while ((rc = csv_next(&c, &r, &err)) != 0) {
		char name[256], vendor[128], date[11], why[160];
		struct cell dc;
		double v, ops8 = 0, mem = 0;
		int bad = -1, k;

		if (rc < 0) {
			rec_reject(p, c.raw, c.rawlen, buf_str(&err), "line %ld", r.line);
			buf_reset(&err);
			continue;
		}
		if (row_empty(&r))
			continue;
		cell_copy(&r, idx[H_NAME], name, sizeof(name));
		if (!name[0]) {
			rec_reject(p, c.raw, c.rawlen, "no hardware name", "line %ld", r.line);
			continue;
		}
		/* every number we read must be a number (or empty/inf) before anything is emitted */
		for (i = 0; i < sizeof(nums) / sizeof(nums[0]) && bad < 0; i++)
			if (num_cell(&r, idx[nums[i].col], &v) < 0)
				bad = nums[i].col;
		for (k = H_INT8; k <= H_MEM2 && bad < 0; k++)
			if (num_cell(&r, idx[k], &v) < 0)
				bad = k;
		if (bad >= 0) {
			char raw[48];
			cell_copy(&r, idx[bad], raw, sizeof(raw));
			snprintf(why, sizeof(why), "%s '%s' is not a number", cols[bad].name, raw);
			rec_reject(p, c.raw, c.rawlen, why, "line %ld", r.line);
			continue;
		}
		cell_copy(&r, idx[H_VENDOR], vendor, sizeof(vendor));
		rec_begin(p, "accelerator");
		rec_str(p, "sku", name);
		rec_str(p, "name", name);
		rec_str(p, "vendor", vendor);
		for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
			if (num_cell(&r, idx[nums[i].col], &v) == 1)
				rec_num(p, nums[i].field, v * nums[i].scale);
		{
			/* 8-bit OP/s: the larger of INT8 and FP8 (Blackwell Ultra cut INT8, not FP8) */
			double i8 = 0, f8 = 0;
			int hi = num_cell(&r, idx[H_INT8], &i8) == 1, hf = num_cell(&r, idx[H_FP8], &f8) == 1;
			ops8 = hi && hf ? (i8 > f8 ? i8 : f8) : hi ? i8 : f8;
			if (hi || hf)
				rec_num(p, "ops8", ops8);
		}
		if (num_cell(&r, idx[H_MEM1], &mem) == 1 || num_cell(&r, idx[H_MEM2], &mem) == 1)
			rec_num(p, "hbm_gb", mem / 1e9);
		dc = row_cell(&r, idx[H_RELEASED]);
		if (idx[H_RELEASED] >= 0 && !cell_empty(&dc)) {
			if (!date_parse(dc.s, dc.len, date))
				rec_str(p, "released", date);
			else
				pwarn(p, "line %ld: release date '%.*s' is not a date; left out", r.line,
				      (int)(dc.len > 40 ? 40 : dc.len), dc.s);
		}
		rec_end(p, "line %ld", r.line);
	}
out:
	csv_release(&c);
	buf_release(&err);
	return p->nerr ? -1 : 0;
}

const struct parser parser_epoch_hardware = {
	"epoch-hardware",
	"Epoch AI ML hardware table (ml_hardware.csv, 2025 and 2026 schemas): accelerator specs",
	detect,
	parse,
};
