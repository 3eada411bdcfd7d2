/* Unit tests of the GPU price helpers (parsers/sources/prices/price_ref.h): timestamps, names, terms, tables. */
#include <string.h>

#include "parsers/sources/prices/price_ref.h"
#include "tap.h"

#include "lib/banned.h"

static int time_is(const char *in, const char *want)
{
	char out[32] = "";
	int r = price_time(in, strlen(in), out);

	if (!want)
		return r == -1;
	if (r || strcmp(out, want))
		printf("# %s -> %s (rc %d), want %s\n", in, out, r, want);
	return !r && !strcmp(out, want);
}

int main(void)
{
	char s[64], id[64], tier[16], prov[64];
	int gpus = 0;

	ok(time_is("2025-10-19T21:01:58.727366+00:00", "2025-10-19T21:01:58Z"), "UTC offset: fraction dropped, Z");
	ok(time_is("2025-10-15T09:30:00+02:00", "2025-10-15T07:30:00Z"), "+02:00 converted to UTC");
	ok(time_is("2025-12-31T23:30:00-01:00", "2026-01-01T00:30:00Z"), "a negative offset crosses the year");
	ok(time_is("2025-03-01T00:10:00+01:00", "2025-02-28T23:10:00Z"), "a positive offset crosses back into February");
	ok(time_is("2025-04-23T18:52:57", "2025-04-23T18:52:57"), "no zone: kept as given");
	ok(time_is("2025-04-01", "2025-04-01"), "a date stays a date");
	ok(time_is("2025-02-30", NULL) && time_is("2025-04-2", NULL) && time_is("x", NULL) &&
	   time_is("2025-04-23T25:00:00Z", NULL) && time_is("2025-04-23T10:00:00+5", NULL),
	   "not timestamps: a bad day, a short date, a bad hour, a bad offset");

	price_norm("H100_80GB  SXM5 ", 16, s, sizeof(s));
	ok(!strcmp(s, "h100 80gb sxm5"), "names normalise: lower case, punctuation to one space");
	ok(price_sku("H100 80GB HBM3", 14, s) == 1 && !strcmp(s, "h100-sxm"), "H100 80GB HBM3 -> h100-sxm");
	ok(price_sku("H100_80GB SXM5", 14, s) == 1 && !strcmp(s, "h100-sxm"), "H100_80GB SXM5 -> h100-sxm");
	ok(price_sku("NVIDIA H100 SXM", 15, s) == 1 && !strcmp(s, "h100-sxm"), "NVIDIA H100 SXM -> h100-sxm");
	ok(price_sku("p5.48xlarge", 11, s) == 1 && !strcmp(s, "h100-sxm"), "p5.48xlarge -> h100-sxm");
	ok(price_sku("AMD Instinct MI325X", 19, s) == 1 && !strcmp(s, "mi325x"), "AMD Instinct MI325X -> mi325x");
	ok(price_sku("H100", 4, s) == 0, "H100 alone is ambiguous (SXM or PCIe): not guessed");
	ok(price_sku("A100", 4, s) == 0, "A100 without its memory is ambiguous: not guessed");
	ok(price_provider("lambdalabs", 10, id, tier) == 1 && !strcmp(id, "lambda") && !strcmp(tier, "neocloud"),
	   "lambdalabs -> lambda, neocloud");
	ok(price_provider("Amazon Web Services", 19, id, tier) == 1 && !strcmp(id, "aws") && !strcmp(tier, "hyperscaler"),
	   "Amazon Web Services -> aws, hyperscaler");
	ok(price_provider("dc_roan", 7, id, tier) == 0, "an unknown provider is not found");
	ok(price_instance("p5.48xlarge", 11, prov, s, &gpus) == 1 && gpus == 8 && !strcmp(s, "h100-sxm") &&
	   !strcmp(prov, "aws"), "p5.48xlarge: aws, 8 x h100-sxm");

	ok(price_term("On-Demand Price/hr*", 19, s) && !strcmp(s, "on_demand"), "On-Demand -> on_demand");
	ok(price_term("1-yr ISP Effective Hourly*", 26, s) && !strcmp(s, "reserved_1y"), "1-yr -> reserved_1y");
	ok(price_term("3 year reserved", 15, s) && !strcmp(s, "reserved_3y"), "3 year -> reserved_3y");
	ok(price_term("Spot $/hr", 9, s) && !strcmp(s, "spot"), "Spot -> spot");
	ok(!price_term("Price per hour", 14, s), "no term named: none");
	price_ref_close();
	price_ref_close();
	return done();
}
