/* Unit tests of parsers/formats/extract.h: capacities, generators, dates, labels, US states in realistic sentences. */
#include <math.h>
#include <string.h>

#include "parsers/formats/extract.h"
#include "tap.h"

#include "lib/banned.h"

#define S(lit) lit, sizeof(lit) - 1

static int span_is(const char *text, struct xspan sp, const char *want)
{
	int r = sp.len == strlen(want) && !memcmp(text + sp.off, want, sp.len);

	if (!r)
		printf("# span %zu+%zu is '%.*s', want '%s'\n", sp.off, sp.len, (int)sp.len, text + sp.off, want);
	return r;
}

static void test_power(void)
{
	static const char t[] = "The campus will draw up to 300 MW at full build-out, served by a 1.2 GW "
		"substation; the first phase needs 45,000 kVA and 12.5 megawatts of backup. It used 40 MWh.";
	struct xpower pw[8];
	int n = extract_power(S(t), pw, 8);

	ok(n == 4, "four capacities in a sentence (MWh, energy, is not one): %d", n);
	ok(n >= 1 && pw[0].mw == 300 && span_is(t, pw[0].at, "300 MW"), "300 MW, its span");
	ok(n >= 2 && pw[1].mw == 1200 && span_is(t, pw[1].at, "1.2 GW"), "1.2 GW = 1200 MW");
	ok(n >= 3 && fabs(pw[2].mw - 45) < 1e-9 && pw[2].apparent && span_is(t, pw[2].at, "45,000 kVA"),
	   "45,000 kVA = 45 MW, flagged apparent power");
	ok(n >= 4 && pw[3].mw == 12.5 && !pw[3].apparent, "12.5 megawatts");
	ok(extract_power(S("model X300MW2 and 3MWh and 1,2 MW"), pw, 8) == 0, "no capacity glued inside words or numbers");
}

static void test_generators(void)
{
	static const char a[] = "The facility will install 168 x 3 MW diesel generators.";
	static const char b[] = "The permitted equipment consists of 168 3.0-MW diesel generators (Tier 2).";
	static const char c[] = "Applicant proposes twenty-four (24) 2,500 kW emergency generators.";
	static const char d[] = "Forty diesel generators, each rated at 2.75 MW, and one 500 kW fire pump engine.";
	static const char e[] = "Up to 36 \xC3\x97 2.5 MW gensets; 12 generators.";
	struct xgen g[4];
	int n;

	n = extract_generators(S(a), g, 4);
	ok(n == 1 && g[0].count == 168 && g[0].unit_mw == 3 && span_is(a, g[0].at, "168 x 3 MW"), "168 x 3 MW");
	n = extract_generators(S(b), g, 4);
	ok(n == 1 && g[0].count == 168 && g[0].unit_mw == 3 && span_is(b, g[0].at, "168 3.0-MW diesel generators"),
	   "168 3.0-MW diesel generators, its span");
	n = extract_generators(S(c), g, 4);
	ok(n == 1 && g[0].count == 24 && g[0].unit_mw == 2.5, "twenty-four (24) 2,500 kW emergency generators");
	n = extract_generators(S(d), g, 4);
	ok(n == 1 && g[0].count == 40 && g[0].unit_mw == 2.75, "Forty diesel generators, each rated at 2.75 MW (fire pump not counted)");
	n = extract_generators(S(e), g, 4);
	ok(n == 1 && g[0].count == 36 && g[0].unit_mw == 2.5, "36 \xC3\x97 2.5 MW (multiplication sign)");
	ok(extract_generators(S("There are many generators at 3 MW and some x 3 MW."), g, 4) == 0,
	   "no count, no generator match");
}

static void test_dates(void)
{
	static const char t[] = "Issued March 3, 2025; hearing on 2025-04-15, comments by 4/30/2025 "
		"and Sept. 2, 2025; not 2025-13-01.";
	struct xdate d[8];
	int n = extract_dates(S(t), d, 8);

	ok(n == 4, "four real dates, the impossible one left out: %d", n);
	ok(n >= 1 && !strcmp(d[0].iso, "2025-03-03") && span_is(t, d[0].at, "March 3, 2025"), "March 3, 2025");
	ok(n >= 2 && !strcmp(d[1].iso, "2025-04-15"), "2025-04-15");
	ok(n >= 3 && !strcmp(d[2].iso, "2025-04-30"), "4/30/2025");
	ok(n >= 4 && !strcmp(d[3].iso, "2025-09-02"), "Sept. 2, 2025");
}

static void test_labels(void)
{
	static const char t[] = "STATIONARY SOURCE PERMIT\nRegistration No. 75012\n"
		"Permittee: Example Data Services LLC  \r\nFacility Name: Ridgeview Campus\n";
	struct xspan sp;

	ok(extract_label(S(t), "Registration|Permit", &sp) == 1 && span_is(t, sp, "75012"), "Registration No. 75012");
	ok(extract_label(S(t), "Applicant|Permittee", &sp) == 1 && span_is(t, sp, "Example Data Services LLC"),
	   "Permittee, trailing space and CR trimmed");
	ok(extract_label(S("Permittee: X\n"), "Permit", &sp) == 0, "a label is a whole word (Permit is not Permittee)");
	ok(extract_label(S(t), "Parcel", &sp) == 0, "no such label");
}

static void test_states(void)
{
	char st[3];

	ok(!us_state_of(S("5420 Tulane Rd, Memphis, TN 38109"), st) && !strcmp(st, "TN"), "TN before a ZIP code");
	ok(!us_state_of(S("2205 Industrial South Rd, Dalton, GA, 30721"), st) && !strcmp(st, "GA"), "GA, before a ZIP code");
	ok(!us_state_of(S("1626 County Line Road Ridgeland, Mississippi"), st) && !strcmp(st, "MS"), "a state's name");
	ok(!us_state_of(S("Charleston, West Virginia"), st) && !strcmp(st, "WV"), "West Virginia is not Virginia");
	ok(!us_state_of(S("Hillsboro, Washington County, Oregon"), st) && !strcmp(st, "OR"), "Washington County is a county");
	ok(us_state_of(S("Alibaba Zhangbei Yun Data Center, Zhangjiakou, Hebei"), st) == -1, "no state in China");
	ok(us_state_of(S("between Texas and Oklahoma"), st) == -1, "two states: not clear");
	ok(us_state_of(S("601 Kuna Mora Rd, in 83634"), st) == -1 || strcmp(st, "IN"), "lower-case 'in' is not Indiana");
	ok(!us_state_code(S(" virginia "), st) && !strcmp(st, "VA"), "a name to its code");
}

int main(void)
{
	test_power();
	test_generators();
	test_dates();
	test_labels();
	test_states();
	extract_release();
	return done();
}
