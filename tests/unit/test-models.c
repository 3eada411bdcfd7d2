/*
 * The models of docs/models.md against its worked examples (section 7), to 0.1%,
 * through the report's own model code (example 5 through the price parsers'
 * normalisation of a quote, price_emit); and the capacity model's status, lag
 * and ramp rules of section 2 on hand-made phases.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"
#include "parsers/parser.h"
#include "parsers/sources/prices/price_ref.h"
#include "reports/accel.h"
#include "reports/capacity.h"
#include "reports/capex.h"
#include "reports/params.h"
#include "tap.h"

#include "lib/banned.h"

static int near(double want, double got)
{
	return fabs(got - want) <= 0.001 * fabs(want);
}

#define NEAR(want, got, what) ok(near(want, got), "%s: want %.6g, got %.6g", what, (double)(want), (double)(got))

/* A record sink: the usd_per_gpu_hour of the record (into *(double *)arg), if it has one. */
static int gpu_hour_sink(void *arg, const char *line, size_t len)
{
	static const char key[] = "\"usd_per_gpu_hour\":";
	const unsigned char *at = mem_find((const unsigned char *)line, len, key);
	char num[32];
	size_t off;

	if (at) {
		off = (size_t)(at - (const unsigned char *)line) + strlen(key);
		snprintf(num, sizeof(num), "%.*s", (int)(len - off < sizeof(num) - 1 ? len - off : sizeof(num) - 1),
			 line + off);
		*(double *)arg = strtod(num, NULL);
	}
	return 0;
}

/* 7.5 through price_emit: a quote of price USD per instance-hour for gpus GPUs; its record's USD per GPU-hour. */
static int quote_gpu_hour(double price, int gpus, double *usd_gh)
{
	struct gw_doc doc;
	struct gw_parse p;
	struct quote q;
	int r;

	memset(&doc, 0, sizeof(doc));
	doc.name = "test-models";
	memset(&q, 0, sizeof(q));
	q.provider = "aws";
	q.tier = "hyperscaler";
	q.sku = "H100";
	q.sku_raw = q.instance = "p5.48xlarge";
	q.term = "on_demand";
	q.price = price;
	q.gpus = gpus;
	q.observed_at = "2025-11-02";
	*usd_gh = NAN;
	parse_init(&p, &doc, gpu_hour_sink, usd_gh);
	p.maxerr = 0;	/* a reject is counted, not said on stderr */
	r = price_emit(&p, &q, "7.5");
	parse_release(&p);
	return r;
}

int main(void)
{
	struct params ps;
	struct specs sp;
	struct mix gb;
	struct cap_params cp;
	struct phase ph;
	double kw, n, it_usd, accels, usd_gh;
	int b200;

	/* 7.1: 100,000 H100 with Epoch's cluster rule 700 W x 1.82 x PUE 1.14: IT 127.4 MW, facility 145.24 MW */
	kw = accel_kw_it(700, 1.82, 1.0);
	NEAR(127.4, 100000 * kw / 1000, "7.1 IT MW of 100,000 H100");
	NEAR(145.24, 100000 * kw * 1.14 / 1000, "7.1 facility MW of 100,000 H100");

	/* 7.2: chain 1.53 x 1.14 x 1.40 = 2.4419; an H100 all-in is 1.709 kW; the GPU is 40.95% of facility power */
	NEAR(2.4419, accel_kw_it(1000, 1.53, 1.14) * 1.40, "7.2 chain factor");
	kw = accel_kw_it(700, 1.53, 1.14) * 1.40;
	NEAR(1.709, kw, "7.2 H100 all-in kW");
	NEAR(0.4095, 0.7 / kw, "7.2 GPU share of facility power");

	/* 7.3: 1 GW of IT filled with GB200 (1,200 W x 1.53 x 1.14 = 2.093 kW): 477,774; 1 GW facility at PUE 1.40: 341,267 */
	kw = accel_kw_it(1200, 1.53, 1.14);
	NEAR(2.093, kw, "7.3 GB200 IT kW");
	NEAR(477774, accel_count(1000, 1.0, kw), "7.3 GB200 in 1 GW of IT");
	NEAR(341267, accel_count(1000 / 1.40, 1.0, kw), "7.3 GB200 in 1 GW of facility at PUE 1.40");

	/* 7.4: 1 GW of IT of new GB200: facility 11.7e9 + IT 477,774 x 42,000 = 20.07e9; total 31.77e9 USD,
	 * through the report's parameters (schemas/params.conf) and accelerator table (B200 as in GB200) */
	ok(params_init(&ps) == 0, "params.conf loads");
	ok(params_set(&ps, "accel_share=1", "--set") == 0, "--set accel_share=1");
	ok(params_set(&ps, "no_such_thing=1", "--set") != 0, "an unknown parameter is refused");
	ok(params_set(&ps, "pue=abc", "--set") != 0, "a value that is not a number is refused");
	memset(&sp, 0, sizeof(sp));
	snprintf(sp.s[0].sku, sizeof(sp.s[0].sku), "H100");
	sp.s[0].tdp_w = 700, sp.s[0].ops8 = 1979e12, sp.s[0].unit_cost = 25000;
	snprintf(sp.s[1].sku, sizeof(sp.s[1].sku), "B200");
	sp.s[1].tdp_w = 1200, sp.s[1].ops8 = 5000e12, sp.s[1].unit_cost = 37000;
	sp.n = 2;
	b200 = spec_match(&sp, "GB200");
	ok(b200 == 1, "a site tag GB200 means the B200 row");
	memset(&gb, 0, sizeof(gb));
	gb.share[b200] = 1;
	NEAR(11.7e9, capex_facility(1000, param(&ps, "facility_usd_per_mw")), "7.4 facility capex of 1 GW");
	it_usd = capex_it(&sp, &ps, &gb, 1000, &accels);
	NEAR(477774, accels, "7.4 new GB200 accelerators");
	NEAR(20.07e9, it_usd, "7.4 IT capex of 1 GW of GB200");
	NEAR(31.77e9, capex_facility(1000, param(&ps, "facility_usd_per_mw")) + it_usd, "7.4 total capex");
	NEAR(50000, system_usd(&sp, &ps, 0), "H100 all-in system cost (direct figure)");
	ok(params_set(&ps, "system_usd_B200=45000", "--set") == 0 && near(45000, system_usd(&sp, &ps, 1)),
	   "a per-SKU system cost can be overridden");
	n = accel_h100e(477774, 5000e12, param(&ps, "h100_ops8"));
	NEAR(477774.0 * 5000 / 1979, n, "H100e of GB200 by 8-bit OP/s");

	/* 7.5: AWS p5.48xlarge at 98.32 USD/h for 8 GPUs: 12.29 USD per GPU-hour */
	ok(quote_gpu_hour(98.32, 8, &usd_gh) == 0, "7.5 the quote is a gpu_price record");
	NEAR(12.29, usd_gh, "7.5 USD per GPU-hour");
	ok(quote_gpu_hour(98.32, 0, &usd_gh) == 1 && isnan(usd_gh), "a quote without a GPU count is not normalised");
	price_ref_close();

	/* section 2 on hand-made phases: 100 MW IT under construction expected in quarter 8100 */
	cap_params_from(&cp, &ps);
	memset(&ph, 0, sizeof(ph));
	ph.it = 100, ph.status = 1, ph.qexp = 8100, ph.dated = 1;
	NEAR(0 + 1e-9, phase_expected(&cp, &ph, 8100) + 1e-9, "under construction: nothing before the 1-quarter lag");
	NEAR(45, phase_expected(&cp, &ph, 8101), "first quarter after the lag: 0.9 x 100 x 1/2 ramp");
	NEAR(90, phase_expected(&cp, &ph, 8102), "fully ramped: 0.9 x 100");
	NEAR(100, phase_high(&ph, 8100), "high bound: built with no lag");
	ok(phase_low(&ph, 8110) == 0, "low bound: not operational, never counted");
	ph.status = 2;
	NEAR(30, phase_expected(&cp, &ph, 8104), "permitted: 4-quarter lag, 0.6 x 100 x 1/2");
	ph.status = 0;
	NEAR(100, phase_expected(&cp, &ph, 8100), "operational: all of it from its quarter");
	ph.status = 5;
	ok(phase_expected(&cp, &ph, 8110) == 0 && phase_high(&ph, 8110) == 0, "cancelled: nothing");
	NEAR(100 * 0.9 / 1.14, mw_to_it(&cp, 100, "utility"), "utility MW -> IT: x headroom / PUE");
	ok(mw_to_it(&cp, 100, "unknown") < 0, "an unknown basis is not converted");
	params_release(&ps);
	return done();
}
