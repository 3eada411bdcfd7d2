/* Unit tests of store/norm.c: the folding, the country and US state tables. */
#include <string.h>

#include "store/db.h"
#include "store/norm.h"
#include "tap.h"

#include "lib/banned.h"

#define OUT_MAX 1024	/* a folded name or a list of operators */

static int is(const char *got, const char *want)
{
	if (!got || !want)
		return got == want;
	return !strcmp(got, want);
}

static void country(const char *s, const char *want)
{
	const char *got = norm_country(s, strlen(s));

	ok(is(got, want), "country '%s' -> %s (got %s)", s, want ? want : "NULL", got ? got : "NULL");
}

static void state(const char *s, const char *want)
{
	const char *got = norm_us_state(s, strlen(s));

	ok(is(got, want), "state '%s' -> %s (got %s)", s, want ? want : "NULL", got ? got : "NULL");
}

static void fold(const char *s, const char *want)
{
	struct buf b = BUF_INIT(OUT_MAX);

	ok(!norm_fold(s, strlen(s), &b) && !strcmp(b.data, want), "fold '%s' -> '%s' (got '%s')", s, want,
	   b.data);
	buf_release(&b);
}

/* resolve_operator_list on name: "primary|partners|unresolved" (primary "-" when none) */
static void list(struct resolver *r, const char *name, const char *want)
{
	char id[128], got[1024];
	struct buf p = BUF_INIT(OUT_MAX), u = BUF_INIT(OUT_MAX);
	int rc = resolve_operator_list(r, name, strlen(name), id, sizeof(id), &p, &u);

	snprintf(got, sizeof(got), "%s|%s|%s", rc == 1 ? id : rc ? "error" : "-", p.data,
		 u.data);
	ok(!strcmp(got, want), "list '%s' -> %s (got %s)", name, want, got);
	buf_release(&p);
	buf_release(&u);
}

static void lists(void)
{
	sqlite3 *db = store_open(":memory:", 0);
	struct resolver r;

	ok(db != NULL, "an in-memory store with the migrations");
	if (!db || resolver_init(&r, db)) {
		ok(0, "resolver_init");
		return;
	}
	list(&r, "Microsoft", "microsoft||");
	list(&r, "OpenAI,Microsoft", "microsoft|openai|");
	list(&r, "Microsoft,OpenAI", "microsoft|openai|");
	list(&r, "OpenAI #likely, Microsoft #likely", "microsoft|openai|");
	list(&r, "Project Rainier #speculative", "-||");
	list(&r, "Google DeepMind #likely", "alphabet||");
	list(&r, "NVIDIA, CoreWeave, Inflection AI", "coreweave|inflection,nvidia|");
	list(&r, "Inflection AI;NVIDIA;CoreWeave", "coreweave|inflection,nvidia|");
	list(&r, "Oracle/OpenAI/SoftBank", "oracle|openai,softbank|");
	list(&r, "CoreWeave,Digital Realty", "coreweave|digital-realty|");
	list(&r, "G42,Cerebras Systems", "g42|cerebras|");
	list(&r, "Anthropic + xAI", "anthropic|xai|");	/* same rank: by id */
	list(&r, "xAI + Anthropic", "anthropic|xai|");
	list(&r, "Acme & Microsoft", "microsoft||Acme");
	list(&r, "Acme, Microsoft, Zeta Power", "microsoft||Acme, Zeta Power");
	list(&r, "NTT / RagingWire", "ntt||");
	list(&r, "Texas A&M", "-||");
	list(&r, "Foo A/S, Equinix", "equinix||Foo A");
	list(&r, "Equinix, Inc.", "equinix||");
	list(&r, "Acme, Zeta", "-||Acme, Zeta");
	list(&r, ",,,", "-||");
	list(&r, "", "-||");
	resolver_release(&r);
	store_close(db);
}

int main(void)
{
	ok(norm_tables_check() == 0, "no folded name is claimed by two codes, and the arrays hold every name");

	fold("United States of America", "united states of america");
	fold("  U.S.  ", "us");
	fold("Korea (Republic of)", "korea republic of");
	fold("Philippines (the)", "philippines");
	fold("Türkiye", "turkiye");
	fold("CÔTE D\xe2\x80\x99IVOIRE", "cote divoire");
	fold("Bosnia & Herzegovina", "bosnia and herzegovina");
	fold("Trinidad&Tobago", "trinidad and tobago");
	fold("Straße", "strasse");
	fold("The Netherlands", "netherlands");
	fold("", "");

	/* issue 10's examples */
	country("United States of America", "US");
	country("United States", "US");
	country("USA", "US");
	country("Korea (Republic of)", "KR");
	/* the brief's variants */
	country("U.S.", "US");
	country("u.s.a.", "US");
	country("US", "US");
	country("South Korea", "KR");
	country("Republic of Korea", "KR");
	country("Korea, Republic of", "KR");
	country("Korea", "KR");
	country("North Korea", "KP");
	country("Korea (the Democratic People's Republic of)", "KP");
	country("Taiwan", "TW");
	country("Taiwan, Province of China", "TW");
	country("UK", "GB");
	country("Great Britain", "GB");
	country("United Kingdom of Great Britain and Northern Ireland", "GB");
	country("Viet Nam", "VN");
	country("Vietnam", "VN");
	country("Türkiye", "TR");
	country("Turkiye", "TR");
	country("Turkey", "TR");
	country("Czechia", "CZ");
	country("Czech Republic", "CZ");
	country("UAE", "AE");
	country("United Arab Emirates", "AE");
	/* the corpus' spellings (gpu_clusters.csv, data_centers_2026-08.csv) */
	country("Philippines (the)", "PH");
	country("Russia", "RU");
	country("Hong Kong", "HK");
	country("China", "CN");
	country("Japan", "JP");
	country("Saudi Arabia", "SA");
	/* accents, case, codes */
	country("Côte d'Ivoire", "CI");
	country("Cote d'Ivoire", "CI");
	country("Ivory Coast", "CI");
	country("CURAÇAO", "CW");
	country("Réunion", "RE");
	country("Åland Islands", "AX");
	country("germany", "DE");
	country("DEU", "DE");
	country("de", "DE");
	country("The Bahamas", "BS");
	country("Bahamas (the)", "BS");
	country("Congo (the Democratic Republic of the)", "CD");
	country("Democratic Republic of the Congo", "CD");
	country("Congo", "CG");
	country("Georgia", "GE");
	country("Kosovo", "XK");
	/* not countries */
	country("", NULL);
	country("   ", NULL);
	country("Narnia", NULL);
	country("EU", NULL);
	country("Virginia", NULL);
	country("ZZ", NULL);
	ok(is(norm_country_name("KR"), "Korea, Republic of"), "the name of KR is ISO's short name");
	ok(norm_country_name("ZZ") == NULL, "ZZ has no name");

	state("Virginia", "VA");
	state("VA", "VA");
	state("va", "VA");
	state("Va.", "VA");
	state("West Virginia", "WV");
	state("W.Va.", "WV");
	state("US-TX", "TX");
	state("Tex.", "TX");
	state("Calif.", "CA");
	state("N.Y.", "NY");
	state("State of New York", "NY");
	state("Commonwealth of Virginia", "VA");
	state("District of Columbia", "DC");
	state("Washington, D.C.", "DC");
	state("Washington", "WA");
	state("Georgia", "GA");
	state("Puerto Rico", "PR");
	state("Guam", "GU");
	state("U.S. Virgin Islands", "VI");
	state("American Samoa", "AS");
	state("Northern Mariana Islands", "MP");
	state("TENNESSEE", "TN");
	state("Hebei", NULL);
	state("Ontario", NULL);
	state("XX", NULL);
	state("", NULL);
	{
		/* every one of the 50 states by name and code */
		static const char *const names[] = {
			"Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
			"Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa",
			"Kansas", "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan",
			"Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada",
			"New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina",
			"North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island",
			"South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont",
			"Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming",
		};
		static const char *const codes[] = {
			"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN",
			"IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV",
			"NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN",
			"TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
		};
		size_t i;
		int good = 1;
		for (i = 0; i < 50; i++)
			if (!is(norm_us_state(names[i], strlen(names[i])), codes[i]) ||
			    !is(norm_us_state(codes[i], 2), codes[i]))
				good = 0;
		ok(good, "the 50 states by name and by code");
	}
	lists();
	return done();
}
