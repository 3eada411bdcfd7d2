/* Unit tests of store/fabs.h: the core names that join a fab's rows across the lists, and the
 * words that make a site a packaging site. Names as the corpus lists write them
 * (../shared/corpus/fabs: fabs_sourced.json, fabs.geojson). */
#include <string.h>

#include "store/fabs.h"
#include "tap.h"

#include "lib/banned.h"

static int cores(const char *name, const char *company, const char *want)
{
	struct buf b = BUF_INIT(BUF_NAME_MAX);
	int n = fab_name_cores(name, company, &b), r = n >= 0 && !strcmp(buf_str(&b), want);

	if (!r)
		printf("# '%s': got '%s' (%d), want '%s'\n", name, buf_str(&b), n, want);
	buf_release(&b);
	return r;
}

static int packaging(const char *name, const char *want)
{
	struct buf b = BUF_INIT(BUF_NAME_MAX);
	int s = fab_packaging_word(name, &b), r = want ? s == 1 && !strcmp(buf_str(&b), want) : s == 0;

	buf_release(&b);
	return r;
}

int main(void)
{
	/* fabs.geojson $.features[25] and fabs_sourced.json $[54] */
	ok(cores("GlobalFoundries Fab 8", "globalfoundries globalfoundries", "8\n") &&
	   cores("Fab 8", "globalfoundries globalfoundries", "8\n"),
	   "the company's name and the word fab leave '8' of both names of Fab 8");
	/* $[13]: the text outside parentheses, its part before the spaced dash, each part inside */
	ok(cores("Fab 18 (Fab 18A / Fab 18B, phases P1-P8) \xe2\x80\x94 GIGAFAB", "tsmc tsmc",
		 "18\ngigafab\n18a 18b\nphases p1 p8\n"), "Fab 18: outside, after the dash, inside between commas");
	/* $[17] against fabs.geojson "JASM / TSMC Kumamoto": the company's words anywhere */
	ok(cores("JASM / TSMC Kumamoto", "tsmc tsmc", "jasm kumamoto\n") &&
	   cores("JASM Kumamoto (Japan Advanced Semiconductor Manufacturing, Inc.) \xe2\x80\x94 first fab",
		 "tsmc tsmc", "jasm kumamoto\nfirst\njapan advanced\n"), "JASM Kumamoto in both lists");
	/* $[44]: a parenthesis inside a parenthesis, split at its commas */
	ok(cores("Wuxi C2 (SK Hynix Semiconductor (China) Co., Ltd. Wuxi fab)", "sk hynix sk hynix sh",
		 "wuxi c2\nchina\nwuxi\n"), "SK hynix Wuxi C2: 'wuxi' among its cores");
	/* $[41]: a comma outside the parentheses separates two names */
	ok(cores("Samsung China Semiconductor Production Center, Xi'an (\xe4\xb8\x89\xe6\x98\x9f)", "samsung samsung",
		 "china production center\nxi an\n\xe4\xb8\x89\xe6\x98\x9f\n"), "Samsung Xi'an: 'xi an' is a core");
	ok(cores("Agrate 300mm fab (AG300 / \"R3\")", "stmicro stmicroelectronics", "agrate\nag300 r3\n"),
	   "a wafer size (300mm) tells no fab apart");
	ok(cores("TI Lehi (LFAB)", "texas instruments texas instruments ti", "lehi\nlfab\n"),
	   "the initials of a company of two words (TI) are its words too");
	ok(cores("Fab", "intel intel", "") && cores("", NULL, "") && cores(NULL, NULL, ""),
	   "a name of generic words only has no core");
	ok(cores("Fab 7 (Woodlands campus", "globalfoundries", "7\nwoodlands\n"),
	   "an unclosed parenthesis ends the name");
	ok(cores("Fab 9) (x)", NULL, "9\nx\n"), "a stray closing parenthesis is ignored");
	ok(cores("Fab 1 (A), (a)", NULL, "1\na\n"), "a core given twice is written once");

	ok(packaging("Samsung Onyang (packaging)", "packaging") && packaging("Intel Penang (assembly/test)", "assembly") &&
	   packaging("Micron Xi'an (backend)", "backend") && packaging("SK Hynix Chongqing (ATM)", "atm"),
	   "the four packaging sites of fabs.geojson say so in their names");
	ok(packaging("Back-end site", "back end") && packaging("Test line", "test"), "back end; test");
	ok(packaging("Latest Fab", NULL) && packaging("Kumamoto Technology Center (Kumamoto TEC)", NULL) &&
	   packaging("Atmosphere fab", NULL) && packaging(NULL, NULL) && packaging("back", NULL),
	   "words inside other words are not packaging words");
	return done();
}
