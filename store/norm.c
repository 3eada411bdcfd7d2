#include "norm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/msg.h"
#include "db.h"

#include "lib/banned.h"

/* Base letters of U+00C0..U+017F ("" for the signs × and ÷: a separator) */
static const char *const latin[192] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
	"a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
	"d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
	"g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
	"i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
	"l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
	"o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
	"s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
	"u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

int norm_fold(const char *s, size_t n, struct buf *out)
{
	size_t i, base = out->len, q, a;
	int sep = 0;	/* a space is due before the next letter */

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *add = NULL;
		char one[2] = { 0, 0 };
		int amp = 0;

		if (c == '.' || c == '\'')
			continue;
		if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0x98 || (unsigned char)s[i + 2] == 0x99)) {
			i += 2;		/* U+2018, U+2019: apostrophes */
			continue;
		}
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
			one[0] = (char)c;
			add = one;
		} else if (c >= 'A' && c <= 'Z') {
			one[0] = (char)(c - 'A' + 'a');
			add = one;
		} else if (c == '&') {
			add = "and";
			amp = 1;
		}
		if (c >= 0xC3 && c <= 0xC5 && i + 1 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
			unsigned cp = ((c & 0x1Fu) << 6) | ((unsigned char)s[i + 1] & 0x3Fu);
			i++;
			add = cp >= 0xC0 && cp < 0x180 ? latin[cp - 0xC0] : NULL;
			if (add && !*add)
				add = NULL;
		}
		if (!add) {
			sep = 1;
			continue;
		}
		if ((sep || amp) && out->len > base && buf_addc(out, ' '))
			return -1;
		if (buf_adds(out, add))
			return -1;
		sep = amp;
	}
	/* drop the word "the", in place */
	for (i = base, q = base; i < out->len;) {
		for (a = i; i < out->len && out->data[i] != ' '; i++)
			;
		if (!(i - a == 3 && !memcmp(out->data + a, "the", 3))) {
			if (q > base)
				out->data[q++] = ' ';
			memmove(out->data + q, out->data + a, i - a);
			q += i - a;
		}
		if (i < out->len)
			i++;
	}
	buf_setlen(out, q);
	return 0;
}

/*
 * ISO 3166-1 (Debian's iso-codes, iso_3166-1.json): code, then the short name
 * (the first, norm_country_name's), the official and common names, the
 * inverted form of a name with a comma ("Korea, Republic of" -> "Republic
 * of Korea") and the alpha-3 code, separated by '|'. The alpha-2 code is a
 * variant of its own.
 */
static const struct { const char *code, *names; } countries[] = {
	{ "AD", "Andorra|Principality of Andorra|AND" },
	{ "AE", "United Arab Emirates|ARE" },
	{ "AF", "Afghanistan|Islamic Republic of Afghanistan|AFG" },
	{ "AG", "Antigua and Barbuda|ATG" },
	{ "AI", "Anguilla|AIA" },
	{ "AL", "Albania|Republic of Albania|ALB" },
	{ "AM", "Armenia|Republic of Armenia|ARM" },
	{ "AO", "Angola|Republic of Angola|AGO" },
	{ "AQ", "Antarctica|ATA" },
	{ "AR", "Argentina|Argentine Republic|ARG" },
	{ "AS", "American Samoa|ASM" },
	{ "AT", "Austria|Republic of Austria|AUT" },
	{ "AU", "Australia|AUS" },
	{ "AW", "Aruba|ABW" },
	{ "AX", "Åland Islands|ALA" },
	{ "AZ", "Azerbaijan|Republic of Azerbaijan|AZE" },
	{ "BA", "Bosnia and Herzegovina|Republic of Bosnia and Herzegovina|BIH" },
	{ "BB", "Barbados|BRB" },
	{ "BD", "Bangladesh|People's Republic of Bangladesh|BGD" },
	{ "BE", "Belgium|Kingdom of Belgium|BEL" },
	{ "BF", "Burkina Faso|BFA" },
	{ "BG", "Bulgaria|Republic of Bulgaria|BGR" },
	{ "BH", "Bahrain|Kingdom of Bahrain|BHR" },
	{ "BI", "Burundi|Republic of Burundi|BDI" },
	{ "BJ", "Benin|Republic of Benin|BEN" },
	{ "BL", "Saint Barthélemy|BLM" },
	{ "BM", "Bermuda|BMU" },
	{ "BN", "Brunei Darussalam|BRN" },
	{ "BO", "Bolivia, Plurinational State of|Plurinational State of Bolivia|Bolivia|BOL" },
	{ "BQ", "Bonaire, Sint Eustatius and Saba|Sint Eustatius and Saba Bonaire|BES" },
	{ "BR", "Brazil|Federative Republic of Brazil|BRA" },
	{ "BS", "Bahamas|Commonwealth of the Bahamas|BHS" },
	{ "BT", "Bhutan|Kingdom of Bhutan|BTN" },
	{ "BV", "Bouvet Island|BVT" },
	{ "BW", "Botswana|Republic of Botswana|BWA" },
	{ "BY", "Belarus|Republic of Belarus|BLR" },
	{ "BZ", "Belize|BLZ" },
	{ "CA", "Canada|CAN" },
	{ "CC", "Cocos (Keeling) Islands|CCK" },
	{ "CD", "Congo, The Democratic Republic of the|The Democratic Republic of the Congo|COD" },
	{ "CF", "Central African Republic|CAF" },
	{ "CG", "Congo|Republic of the Congo|COG" },
	{ "CH", "Switzerland|Swiss Confederation|CHE" },
	{ "CI", "Côte d'Ivoire|Republic of Côte d'Ivoire|CIV" },
	{ "CK", "Cook Islands|COK" },
	{ "CL", "Chile|Republic of Chile|CHL" },
	{ "CM", "Cameroon|Republic of Cameroon|CMR" },
	{ "CN", "China|People's Republic of China|CHN" },
	{ "CO", "Colombia|Republic of Colombia|COL" },
	{ "CR", "Costa Rica|Republic of Costa Rica|CRI" },
	{ "CU", "Cuba|Republic of Cuba|CUB" },
	{ "CV", "Cabo Verde|Republic of Cabo Verde|CPV" },
	{ "CW", "Curaçao|CUW" },
	{ "CX", "Christmas Island|CXR" },
	{ "CY", "Cyprus|Republic of Cyprus|CYP" },
	{ "CZ", "Czechia|Czech Republic|CZE" },
	{ "DE", "Germany|Federal Republic of Germany|DEU" },
	{ "DJ", "Djibouti|Republic of Djibouti|DJI" },
	{ "DK", "Denmark|Kingdom of Denmark|DNK" },
	{ "DM", "Dominica|Commonwealth of Dominica|DMA" },
	{ "DO", "Dominican Republic|DOM" },
	{ "DZ", "Algeria|People's Democratic Republic of Algeria|DZA" },
	{ "EC", "Ecuador|Republic of Ecuador|ECU" },
	{ "EE", "Estonia|Republic of Estonia|EST" },
	{ "EG", "Egypt|Arab Republic of Egypt|EGY" },
	{ "EH", "Western Sahara|ESH" },
	{ "ER", "Eritrea|the State of Eritrea|ERI" },
	{ "ES", "Spain|Kingdom of Spain|ESP" },
	{ "ET", "Ethiopia|Federal Democratic Republic of Ethiopia|ETH" },
	{ "FI", "Finland|Republic of Finland|FIN" },
	{ "FJ", "Fiji|Republic of Fiji|FJI" },
	{ "FK", "Falkland Islands (Malvinas)|FLK" },
	{ "FM", "Micronesia, Federated States of|Federated States of Micronesia|FSM" },
	{ "FO", "Faroe Islands|FRO" },
	{ "FR", "France|French Republic|FRA" },
	{ "GA", "Gabon|Gabonese Republic|GAB" },
	{ "GB", "United Kingdom|United Kingdom of Great Britain and Northern Ireland|GBR" },
	{ "GD", "Grenada|GRD" },
	{ "GE", "Georgia|GEO" },
	{ "GF", "French Guiana|GUF" },
	{ "GG", "Guernsey|GGY" },
	{ "GH", "Ghana|Republic of Ghana|GHA" },
	{ "GI", "Gibraltar|GIB" },
	{ "GL", "Greenland|GRL" },
	{ "GM", "Gambia|Republic of the Gambia|GMB" },
	{ "GN", "Guinea|Republic of Guinea|GIN" },
	{ "GP", "Guadeloupe|GLP" },
	{ "GQ", "Equatorial Guinea|Republic of Equatorial Guinea|GNQ" },
	{ "GR", "Greece|Hellenic Republic|GRC" },
	{ "GS", "South Georgia and the South Sandwich Islands|SGS" },
	{ "GT", "Guatemala|Republic of Guatemala|GTM" },
	{ "GU", "Guam|GUM" },
	{ "GW", "Guinea-Bissau|Republic of Guinea-Bissau|GNB" },
	{ "GY", "Guyana|Republic of Guyana|GUY" },
	{ "HK", "Hong Kong|Hong Kong Special Administrative Region of China|HKG" },
	{ "HM", "Heard Island and McDonald Islands|HMD" },
	{ "HN", "Honduras|Republic of Honduras|HND" },
	{ "HR", "Croatia|Republic of Croatia|HRV" },
	{ "HT", "Haiti|Republic of Haiti|HTI" },
	{ "HU", "Hungary|HUN" },
	{ "ID", "Indonesia|Republic of Indonesia|IDN" },
	{ "IE", "Ireland|IRL" },
	{ "IL", "Israel|State of Israel|ISR" },
	{ "IM", "Isle of Man|IMN" },
	{ "IN", "India|Republic of India|IND" },
	{ "IO", "British Indian Ocean Territory|IOT" },
	{ "IQ", "Iraq|Republic of Iraq|IRQ" },
	{ "IR", "Iran, Islamic Republic of|Islamic Republic of Iran|Iran|IRN" },
	{ "IS", "Iceland|Republic of Iceland|ISL" },
	{ "IT", "Italy|Italian Republic|ITA" },
	{ "JE", "Jersey|JEY" },
	{ "JM", "Jamaica|JAM" },
	{ "JO", "Jordan|Hashemite Kingdom of Jordan|JOR" },
	{ "JP", "Japan|JPN" },
	{ "KE", "Kenya|Republic of Kenya|KEN" },
	{ "KG", "Kyrgyzstan|Kyrgyz Republic|KGZ" },
	{ "KH", "Cambodia|Kingdom of Cambodia|KHM" },
	{ "KI", "Kiribati|Republic of Kiribati|KIR" },
	{ "KM", "Comoros|Union of the Comoros|COM" },
	{ "KN", "Saint Kitts and Nevis|KNA" },
	{ "KP", "Korea, Democratic People's Republic of|Democratic People's Republic of Korea|North Korea|PRK" },
	{ "KR", "Korea, Republic of|South Korea|Republic of Korea|KOR" },
	{ "KW", "Kuwait|State of Kuwait|KWT" },
	{ "KY", "Cayman Islands|CYM" },
	{ "KZ", "Kazakhstan|Republic of Kazakhstan|KAZ" },
	{ "LA", "Lao People's Democratic Republic|Laos|LAO" },
	{ "LB", "Lebanon|Lebanese Republic|LBN" },
	{ "LC", "Saint Lucia|LCA" },
	{ "LI", "Liechtenstein|Principality of Liechtenstein|LIE" },
	{ "LK", "Sri Lanka|Democratic Socialist Republic of Sri Lanka|LKA" },
	{ "LR", "Liberia|Republic of Liberia|LBR" },
	{ "LS", "Lesotho|Kingdom of Lesotho|LSO" },
	{ "LT", "Lithuania|Republic of Lithuania|LTU" },
	{ "LU", "Luxembourg|Grand Duchy of Luxembourg|LUX" },
	{ "LV", "Latvia|Republic of Latvia|LVA" },
	{ "LY", "Libya|LBY" },
	{ "MA", "Morocco|Kingdom of Morocco|MAR" },
	{ "MC", "Monaco|Principality of Monaco|MCO" },
	{ "MD", "Moldova, Republic of|Republic of Moldova|Moldova|MDA" },
	{ "ME", "Montenegro|MNE" },
	{ "MF", "Saint Martin (French part)|MAF" },
	{ "MG", "Madagascar|Republic of Madagascar|MDG" },
	{ "MH", "Marshall Islands|Republic of the Marshall Islands|MHL" },
	{ "MK", "North Macedonia|Republic of North Macedonia|MKD" },
	{ "ML", "Mali|Republic of Mali|MLI" },
	{ "MM", "Myanmar|Republic of Myanmar|MMR" },
	{ "MN", "Mongolia|MNG" },
	{ "MO", "Macao|Macao Special Administrative Region of China|MAC" },
	{ "MP", "Northern Mariana Islands|Commonwealth of the Northern Mariana Islands|MNP" },
	{ "MQ", "Martinique|MTQ" },
	{ "MR", "Mauritania|Islamic Republic of Mauritania|MRT" },
	{ "MS", "Montserrat|MSR" },
	{ "MT", "Malta|Republic of Malta|MLT" },
	{ "MU", "Mauritius|Republic of Mauritius|MUS" },
	{ "MV", "Maldives|Republic of Maldives|MDV" },
	{ "MW", "Malawi|Republic of Malawi|MWI" },
	{ "MX", "Mexico|United Mexican States|MEX" },
	{ "MY", "Malaysia|MYS" },
	{ "MZ", "Mozambique|Republic of Mozambique|MOZ" },
	{ "NA", "Namibia|Republic of Namibia|NAM" },
	{ "NC", "New Caledonia|NCL" },
	{ "NE", "Niger|Republic of the Niger|NER" },
	{ "NF", "Norfolk Island|NFK" },
	{ "NG", "Nigeria|Federal Republic of Nigeria|NGA" },
	{ "NI", "Nicaragua|Republic of Nicaragua|NIC" },
	{ "NL", "Netherlands|Kingdom of the Netherlands|NLD" },
	{ "NO", "Norway|Kingdom of Norway|NOR" },
	{ "NP", "Nepal|Federal Democratic Republic of Nepal|NPL" },
	{ "NR", "Nauru|Republic of Nauru|NRU" },
	{ "NU", "Niue|NIU" },
	{ "NZ", "New Zealand|NZL" },
	{ "OM", "Oman|Sultanate of Oman|OMN" },
	{ "PA", "Panama|Republic of Panama|PAN" },
	{ "PE", "Peru|Republic of Peru|PER" },
	{ "PF", "French Polynesia|PYF" },
	{ "PG", "Papua New Guinea|Independent State of Papua New Guinea|PNG" },
	{ "PH", "Philippines|Republic of the Philippines|PHL" },
	{ "PK", "Pakistan|Islamic Republic of Pakistan|PAK" },
	{ "PL", "Poland|Republic of Poland|POL" },
	{ "PM", "Saint Pierre and Miquelon|SPM" },
	{ "PN", "Pitcairn|PCN" },
	{ "PR", "Puerto Rico|PRI" },
	{ "PS", "Palestine, State of|the State of Palestine|State of Palestine|PSE" },
	{ "PT", "Portugal|Portuguese Republic|PRT" },
	{ "PW", "Palau|Republic of Palau|PLW" },
	{ "PY", "Paraguay|Republic of Paraguay|PRY" },
	{ "QA", "Qatar|State of Qatar|QAT" },
	{ "RE", "Réunion|REU" },
	{ "RO", "Romania|ROU" },
	{ "RS", "Serbia|Republic of Serbia|SRB" },
	{ "RU", "Russian Federation|RUS" },
	{ "RW", "Rwanda|Rwandese Republic|RWA" },
	{ "SA", "Saudi Arabia|Kingdom of Saudi Arabia|SAU" },
	{ "SB", "Solomon Islands|SLB" },
	{ "SC", "Seychelles|Republic of Seychelles|SYC" },
	{ "SD", "Sudan|Republic of the Sudan|SDN" },
	{ "SE", "Sweden|Kingdom of Sweden|SWE" },
	{ "SG", "Singapore|Republic of Singapore|SGP" },
	{ "SH", "Saint Helena, Ascension and Tristan da Cunha|Ascension and Tristan da Cunha Saint Helena|SHN" },
	{ "SI", "Slovenia|Republic of Slovenia|SVN" },
	{ "SJ", "Svalbard and Jan Mayen|SJM" },
	{ "SK", "Slovakia|Slovak Republic|SVK" },
	{ "SL", "Sierra Leone|Republic of Sierra Leone|SLE" },
	{ "SM", "San Marino|Republic of San Marino|SMR" },
	{ "SN", "Senegal|Republic of Senegal|SEN" },
	{ "SO", "Somalia|Federal Republic of Somalia|SOM" },
	{ "SR", "Suriname|Republic of Suriname|SUR" },
	{ "SS", "South Sudan|Republic of South Sudan|SSD" },
	{ "ST", "Sao Tome and Principe|Democratic Republic of Sao Tome and Principe|STP" },
	{ "SV", "El Salvador|Republic of El Salvador|SLV" },
	{ "SX", "Sint Maarten (Dutch part)|SXM" },
	{ "SY", "Syrian Arab Republic|Syria|SYR" },
	{ "SZ", "Eswatini|Kingdom of Eswatini|SWZ" },
	{ "TC", "Turks and Caicos Islands|TCA" },
	{ "TD", "Chad|Republic of Chad|TCD" },
	{ "TF", "French Southern Territories|ATF" },
	{ "TG", "Togo|Togolese Republic|TGO" },
	{ "TH", "Thailand|Kingdom of Thailand|THA" },
	{ "TJ", "Tajikistan|Republic of Tajikistan|TJK" },
	{ "TK", "Tokelau|TKL" },
	{ "TL", "Timor-Leste|Democratic Republic of Timor-Leste|TLS" },
	{ "TM", "Turkmenistan|TKM" },
	{ "TN", "Tunisia|Republic of Tunisia|TUN" },
	{ "TO", "Tonga|Kingdom of Tonga|TON" },
	{ "TR", "Türkiye|Republic of Türkiye|TUR" },
	{ "TT", "Trinidad and Tobago|Republic of Trinidad and Tobago|TTO" },
	{ "TV", "Tuvalu|TUV" },
	{ "TW", "Taiwan, Province of China|Taiwan|TWN" },
	{ "TZ", "Tanzania, United Republic of|United Republic of Tanzania|Tanzania|TZA" },
	{ "UA", "Ukraine|UKR" },
	{ "UG", "Uganda|Republic of Uganda|UGA" },
	{ "UM", "United States Minor Outlying Islands|UMI" },
	{ "US", "United States|United States of America|USA" },
	{ "UY", "Uruguay|Eastern Republic of Uruguay|URY" },
	{ "UZ", "Uzbekistan|Republic of Uzbekistan|UZB" },
	{ "VA", "Holy See (Vatican City State)|VAT" },
	{ "VC", "Saint Vincent and the Grenadines|VCT" },
	{ "VE", "Venezuela, Bolivarian Republic of|Bolivarian Republic of Venezuela|Venezuela|VEN" },
	{ "VG", "Virgin Islands, British|British Virgin Islands|VGB" },
	{ "VI", "Virgin Islands, U.S.|Virgin Islands of the United States|U.S. Virgin Islands|VIR" },
	{ "VN", "Viet Nam|Socialist Republic of Viet Nam|Vietnam|VNM" },
	{ "VU", "Vanuatu|Republic of Vanuatu|VUT" },
	{ "WF", "Wallis and Futuna|WLF" },
	{ "WS", "Samoa|Independent State of Samoa|WSM" },
	{ "YE", "Yemen|Republic of Yemen|YEM" },
	{ "YT", "Mayotte|MYT" },
	{ "ZA", "South Africa|Republic of South Africa|ZAF" },
	{ "ZM", "Zambia|Republic of Zambia|ZMB" },
	{ "ZW", "Zimbabwe|Republic of Zimbabwe|ZWE" },
};

/* Names documents use that ISO does not list. */
static const struct { const char *code, *names; } country_variants[] = {
	{ "US", "U.S.|U.S.A.|US of A|America|United States (the)|U.S. of America" },
	{ "GB", "UK|U.K.|Great Britain|Britain|England|Scotland|Wales|Northern Ireland" },
	{ "KR", "Korea|S. Korea|Korea South|ROK" },
	{ "KP", "DPRK|Korea North|N. Korea" },
	{ "TW", "Chinese Taipei|Republic of China (Taiwan)|Taiwan (ROC)|Taiwan ROC" },
	{ "CN", "PRC|P.R. China|China PR|Mainland China|China (mainland)|PR China" },
	{ "HK", "Hong Kong SAR|Hong Kong, China|Hong Kong SAR China|Hongkong" },
	{ "MO", "Macau|Macao SAR|Macau SAR|Macau, China" },
	{ "RU", "Russia" },
	{ "TR", "Turkey|Republic of Turkey" },
	{ "CZ", "Czech Republic" },
	{ "AE", "UAE|U.A.E.|Emirates|the Emirates" },
	{ "SA", "KSA" },
	{ "NL", "Holland|Netherlands (Kingdom of the)" },
	{ "VN", "Vietnam|Viet Nam" },
	{ "CI", "Ivory Coast|Cote dIvoire" },
	{ "CD", "DRC|DR Congo|D.R. Congo|Congo-Kinshasa|Congo (Kinshasa)|Democratic Republic of Congo|Congo (the Democratic Republic of the)" },
	{ "CG", "Congo-Brazzaville|Congo (Brazzaville)|Republic of Congo" },
	{ "SZ", "Swaziland" },
	{ "MK", "Macedonia|FYROM|Republic of Macedonia" },
	{ "MM", "Burma" },
	{ "CV", "Cape Verde" },
	{ "VA", "Vatican|Vatican City|Holy See" },
	{ "BN", "Brunei" },
	{ "PS", "Palestine|Palestinian Territories" },
	{ "FM", "Micronesia" },
	{ "KN", "St Kitts and Nevis|St. Kitts and Nevis|Saint Kitts" },
	{ "LC", "St Lucia|St. Lucia" },
	{ "VC", "St Vincent and the Grenadines|St. Vincent" },
	{ "TL", "East Timor" },
	{ "BS", "The Bahamas" },
	{ "GM", "The Gambia" },
	{ "BA", "Bosnia" },
	{ "IE", "Republic of Ireland|Eire" },
	{ "VI", "US Virgin Islands|United States Virgin Islands" },
	{ "FK", "Falklands" },
	{ "XK", "Kosovo" },		/* user-assigned: ISO 3166-1 has no code for Kosovo */
};

/* US states, DC and the territories: code, name, other names and AP-style abbreviations */
static const struct { const char *code, *names; } states[] = {
	{ "AL", "Alabama|Ala." }, { "AK", "Alaska" }, { "AZ", "Arizona|Ariz." },
	{ "AR", "Arkansas|Ark." }, { "CA", "California|Calif.|Cal." }, { "CO", "Colorado|Colo." },
	{ "CT", "Connecticut|Conn." }, { "DE", "Delaware|Del." },
	{ "DC", "District of Columbia|Washington, D.C.|Washington DC|D.C.|Washington, District of Columbia" },
	{ "FL", "Florida|Fla." }, { "GA", "Georgia|Ga." }, { "HI", "Hawaii|Hawai'i" },
	{ "ID", "Idaho" }, { "IL", "Illinois|Ill." }, { "IN", "Indiana|Ind." }, { "IA", "Iowa" },
	{ "KS", "Kansas|Kan.|Kans." }, { "KY", "Kentucky|Ky." }, { "LA", "Louisiana|La." },
	{ "ME", "Maine" }, { "MD", "Maryland|Md." }, { "MA", "Massachusetts|Mass." },
	{ "MI", "Michigan|Mich." }, { "MN", "Minnesota|Minn." }, { "MS", "Mississippi|Miss." },
	{ "MO", "Missouri|Mo." }, { "MT", "Montana|Mont." }, { "NE", "Nebraska|Neb.|Nebr." },
	{ "NV", "Nevada|Nev." }, { "NH", "New Hampshire|N.H." }, { "NJ", "New Jersey|N.J." },
	{ "NM", "New Mexico|N.M." }, { "NY", "New York|N.Y.|New York State" },
	{ "NC", "North Carolina|N.C." }, { "ND", "North Dakota|N.D." }, { "OH", "Ohio" },
	{ "OK", "Oklahoma|Okla." }, { "OR", "Oregon|Ore.|Oreg." },
	{ "PA", "Pennsylvania|Pa.|Penn.|Penna." }, { "RI", "Rhode Island|R.I." },
	{ "SC", "South Carolina|S.C." }, { "SD", "South Dakota|S.D." }, { "TN", "Tennessee|Tenn." },
	{ "TX", "Texas|Tex." }, { "UT", "Utah" }, { "VT", "Vermont|Vt." }, { "VA", "Virginia|Va." },
	{ "WA", "Washington|Wash.|Washington State" }, { "WV", "West Virginia|W.Va.|W. Va." },
	{ "WI", "Wisconsin|Wis.|Wisc." }, { "WY", "Wyoming|Wyo." },
	{ "PR", "Puerto Rico" }, { "GU", "Guam" },
	{ "VI", "U.S. Virgin Islands|US Virgin Islands|Virgin Islands|United States Virgin Islands|Virgin Islands of the United States" },
	{ "AS", "American Samoa" },
	{ "MP", "Northern Mariana Islands|Commonwealth of the Northern Mariana Islands" },
	{ "UM", "United States Minor Outlying Islands|U.S. Minor Outlying Islands" },
};

struct entry {
	const char *key;	/* folded */
	const char *code;
};

struct table {
	struct entry *e;
	size_t n, max;
	char *pool;
	size_t used, cap;
	int built, conflicts;
};

#define NCOUNTRY (sizeof(countries) / sizeof(countries[0]))
#define NSTATE (sizeof(states) / sizeof(states[0]))

static struct entry country_e[2048], state_e[512];
static char country_pool[65536], state_pool[16384];
static struct table ctab = { country_e, 0, 2048, country_pool, 0, sizeof(country_pool), 0, 0 };
static struct table stab = { state_e, 0, 512, state_pool, 0, sizeof(state_pool), 0, 0 };

static int entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : strcmp(x->code, y->code);
}

/* folds each '|'-separated name of names and adds it under code */
static void add_names(struct table *t, const char *code, const char *names)
{
	char fold[512];
	struct buf b = BUF_INIT(sizeof(fold) - 1);
	const char *p = names;

	for (;;) {
		const char *e = strchr(p, '|');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		buf_reset(&b);
		if (!norm_fold(p, len, &b) && b.len && t->n < t->max && t->used + b.len + 1 <= t->cap) {
			memcpy(t->pool + t->used, b.data, b.len + 1);
			t->e[t->n].key = t->pool + t->used;
			t->e[t->n].code = code;
			t->n++;
			t->used += b.len + 1;
		} else if (b.len) {
			t->conflicts++;		/* the static arrays are too small: a unit test says so */
		}
		if (!e)
			break;
		p = e + 1;
	}
	buf_release(&b);
}

static void build(struct table *t, int states_table)
{
	size_t i, j;

	if (t->built)
		return;
	t->built = 1;
	if (states_table) {
		for (i = 0; i < NSTATE; i++) {
			add_names(t, states[i].code, states[i].code);
			add_names(t, states[i].code, states[i].names);
		}
	} else {
		for (i = 0; i < NCOUNTRY; i++) {
			add_names(t, countries[i].code, countries[i].code);
			add_names(t, countries[i].code, countries[i].names);
		}
		for (i = 0; i < sizeof(country_variants) / sizeof(country_variants[0]); i++) {
			add_names(t, country_variants[i].code, country_variants[i].code);
			add_names(t, country_variants[i].code, country_variants[i].names);
		}
	}
	if (t->n)
		qsort(t->e, t->n, sizeof(t->e[0]), entry_cmp);
	/* the same folded name for two codes would be a table error; duplicates for one code are not */
	for (i = 1, j = 0; i < t->n; i++) {
		if (!strcmp(t->e[i].key, t->e[j].key)) {
			if (strcmp(t->e[i].code, t->e[j].code))
				t->conflicts++;
			continue;
		}
		t->e[++j] = t->e[i];
	}
	if (t->n)
		t->n = j + 1;
}

static int key_cmp(const void *k, const void *e)
{
	return strcmp(k, ((const struct entry *)e)->key);
}

static const char *find(struct table *t, int states_table, const char *key)
{
	const struct entry *e;

	build(t, states_table);
	e = bsearch(key, t->e, t->n, sizeof(t->e[0]), key_cmp);
	return e ? e->code : NULL;
}

int norm_tables_check(void)
{
	build(&ctab, 0);
	build(&stab, 1);
	return ctab.conflicts + stab.conflicts;
}

const char *norm_country(const char *s, size_t n)
{
	char fold[256];
	struct buf b = BUF_INIT(sizeof(fold) - 1);
	const char *code = NULL;

	if (!norm_fold(s, n, &b) && b.len)
		code = find(&ctab, 0, b.data);
	buf_release(&b);
	return code;
}

const char *norm_country_name(const char *code)
{
	size_t i;

	for (i = 0; code && i < NCOUNTRY; i++)
		if (!strcmp(countries[i].code, code)) {
			static char name[128];
			const char *e = strchr(countries[i].names, '|');
			size_t k = e ? (size_t)(e - countries[i].names) : strlen(countries[i].names);
			if (k >= sizeof(name))
				k = sizeof(name) - 1;
			memcpy(name, countries[i].names, k);
			name[k] = '\0';
			return name;
		}
	return NULL;
}

#define STATE_NAME_MAX 255	/* a state's name, folded: no real one is longer */

const char *norm_us_state(const char *s, size_t n)
{
	struct buf b = BUF_INIT(STATE_NAME_MAX);
	const char *code = NULL, *k;

	if (!norm_fold(s, n, &b) && b.len) {
		k = b.data;
		/* "US-VA" (ISO 3166-2), "State of New York", "Commonwealth of Virginia" */
		if (!strncmp(k, "us ", 3) && strlen(k) == 5)
			k += 3;
		else if (!strncmp(k, "state of ", 9))
			k += 9;
		else if (!strncmp(k, "commonwealth of ", 16))
			k += 16;
		code = find(&stab, 1, k);
	}
	buf_release(&b);
	return code;
}

/* ---- the store ---- */

/*
 * The columns gw-load fills in, each an SQL expression over the row's own fields
 * ($name): the INSERT computes them from its bound values (norm_insert_columns,
 * norm_insert_values), the back-fill from the stored columns. The SQL functions
 * below do the work, so a stored row is never read back nor updated again (a
 * SELECT and an UPDATE per row made a load of capacities cost 40% more CPU;
 * computed by the INSERT, about 13% more).
 */
#define US_STATE "CASE WHEN coalesce($country, '') = '' OR gw_country($country) = 'US' THEN gw_us_state($state) END"
static const struct {
	const char *kind, *column, *expr;
} filled[] = {
	{ "site", "country_code", "gw_country($country)" },
	{ "site", "state_code", US_STATE },
	{ "site", "partners", "gw_partners($operator)" },
	{ "site", "partners_unresolved", "gw_partners_unresolved($operator)" },
	{ "site", "owner_id", "gw_primary($owner)" },
	{ "site", "tenant_ids", "gw_all_ids($tenant)" },
	{ "capacity", "country_code", "gw_country($country)" },
	{ "capacity", "state_code", US_STATE },
	{ "capacity", "partners", "gw_partners($operator)" },
	{ "capacity", "partners_unresolved", "gw_partners_unresolved($operator)" },
	{ "capacity", "owner_id", "gw_primary($owner)" },
	{ "capacity", "tenant_ids", "gw_all_ids($tenant)" },
	{ "permit", "state_code", "gw_us_state($state)" },
	{ "permit", "partners", "gw_partners($applicant)" },
	{ "permit", "partners_unresolved", "gw_partners_unresolved($applicant)" },
	{ "fab", "country_code", "gw_country($country)" },
	{ "fab", "state_code", US_STATE },
	{ "fab", "partners", "gw_partners($company)" },
	{ "fab", "partners_unresolved", "gw_partners_unresolved($company)" },
	{ "grid_request", "state_code", "gw_us_state($state)" },
};
#define NFILLED (sizeof(filled) / sizeof(filled[0]))
static const char *const tables[] = { "site", "capacity", "permit", "fab", "grid_request" };
#define NTABLES (sizeof(tables) / sizeof(tables[0]))

/* appends expr with each $field as the column's name (kd NULL) or as its parameter ?N */
static int expand(const char *expr, const struct kind *kd, int first_param, struct buf *out)
{
	const char *p = expr;

	while (*p) {
		size_t k;
		if (*p != '$') {
			if (buf_addc(out, *p++))
				return -1;
			continue;
		}
		for (p++, k = 0; p[k] == '_' || (p[k] >= 'a' && p[k] <= 'z'); k++)
			;
		if (kd) {
			char name[64];
			int fi;
			snprintf(name, sizeof(name), "%.*s", (int)k, p);
			if ((fi = kind_field(kd, name)) < 0)
				return -1;	/* the table above names a field the kind lacks */
			if (buf_printf(out, "?%d", first_param + fi))
				return -1;
		} else if (buf_add(out, p, k)) {
			return -1;
		}
		p += k;
	}
	return 0;
}

int norm_insert_columns(const struct kind *kd, struct buf *sql)
{
	size_t i;

	for (i = 0; i < NFILLED; i++)
		if (!strcmp(filled[i].kind, kd->name) && buf_printf(sql, ", %s", filled[i].column))
			return -1;
	return 0;
}

int norm_insert_values(const struct kind *kd, int first_param, struct buf *sql)
{
	size_t i;

	for (i = 0; i < NFILLED; i++)
		if (!strcmp(filled[i].kind, kd->name) &&
		    (buf_adds(sql, ", ") || expand(filled[i].expr, kd, first_param, sql)))
			return -1;
	return 0;
}

/* gw_country(text), gw_us_state(text): the code, or NULL */
static void sql_code(sqlite3_context *ctx, sqlite3_value *v, int state)
{
	const unsigned char *s = sqlite3_value_text(v);
	size_t len = (size_t)sqlite3_value_bytes(v);
	const char *code = !s ? NULL : state ? norm_us_state((const char *)s, len) : norm_country((const char *)s, len);

	if (code)
		sqlite3_result_text(ctx, code, -1, SQLITE_STATIC);
	else
		sqlite3_result_null(ctx);
}

static void sql_country(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	sql_code(ctx, argv[0], 0);
}

static void sql_us_state(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	sql_code(ctx, argv[0], 1);
}

/*
 * Resolves the name in v as a list (resolve_operator_list) into n->primary,
 * n->partners, n->unresolved; the last name is remembered, since a row asks
 * for its partners and its unresolved members in turn. 1 found, 0 not (or v
 * NULL), -1 error.
 */
static int resolve_value(struct norm *n, sqlite3_value *v)
{
	const char *s = (const char *)sqlite3_value_text(v);
	size_t len = (size_t)sqlite3_value_bytes(v);

	if (!s || !len)
		return 0;
	if (n->have_last && n->last.len == len && !memcmp(n->last.data, s, len))
		return n->found;
	n->have_last = 0;
	buf_reset(&n->last);
	if (buf_add(&n->last, s, len))
		return -1;
	n->found = resolve_operator_list(&n->res, s, len, n->primary, sizeof(n->primary), &n->partners,
					 &n->unresolved);
	if (n->found < 0)
		return -1;
	n->have_last = 1;
	return n->found;
}

/* a name with none of the separators of a list: no partners (resolve_operator_list never splits it) */
static int not_a_list(sqlite3_value *v)
{
	const char *s = (const char *)sqlite3_value_text(v);

	return !s || !strpbrk(s, ",;/|+&");
}

static void result_buf(sqlite3_context *ctx, const struct buf *b)
{
	if (b->len)
		sqlite3_result_text(ctx, b->data, (int)b->len, SQLITE_TRANSIENT);
	else
		sqlite3_result_null(ctx);
}

/* The partners (or the unresolved members) of a list whose primary is known; NULL if none. */
static void list_result(sqlite3_context *ctx, sqlite3_value **argv, int unresolved)
{
	struct norm *n = sqlite3_user_data(ctx);
	int rc;

	if (not_a_list(argv[0])) {
		sqlite3_result_null(ctx);
		return;
	}
	if ((rc = resolve_value(n, argv[0])) < 0) {
		sqlite3_result_error(ctx, sqlite3_errmsg(n->db), -1);
		return;
	}
	if (rc)
		result_buf(ctx, unresolved ? &n->unresolved : &n->partners);
	else
		sqlite3_result_null(ctx);
}

/* gw_partners(name): the other resolved members of a list, sorted; NULL if none */
static void sql_partners(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	list_result(ctx, argv, 0);
}

/* gw_partners_unresolved(name): members no alias knows of a list whose primary is known */
static void sql_partners_unresolved(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	list_result(ctx, argv, 1);
}

/* gw_primary(name): the canonical id of the (primary) operator, or NULL */
static void sql_primary(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct norm *n = sqlite3_user_data(ctx);
	int rc;

	if ((rc = resolve_value(n, argv[0])) < 0) {
		sqlite3_result_error(ctx, sqlite3_errmsg(n->db), -1);
		return;
	}
	if (rc)
		sqlite3_result_text(ctx, n->primary, -1, SQLITE_TRANSIENT);
	else
		sqlite3_result_null(ctx);
}

/* gw_all_ids(names): every resolved member, the primary one too, sorted; NULL if none */
static void sql_all_ids(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct norm *n = sqlite3_user_data(ctx);
	const char *p;
	int rc, put = 0;

	if ((rc = resolve_value(n, argv[0])) < 0) {
		sqlite3_result_error(ctx, sqlite3_errmsg(n->db), -1);
		return;
	}
	if (!rc) {
		sqlite3_result_null(ctx);
		return;
	}
	/* merge the primary into the sorted partners */
	buf_reset(&n->ids);
	for (p = n->partners.len ? n->partners.data : ""; *p || !put;) {
		const char *e = strchr(p, ',');
		size_t k = e ? (size_t)(e - p) : strlen(p);
		int before = !k || strncmp(n->primary, p, k) < 0 ||
			     (!strncmp(n->primary, p, k) && strlen(n->primary) < k);
		if (!put && before) {
			if ((n->ids.len && buf_addc(&n->ids, ',')) || buf_adds(&n->ids, n->primary)) {
				sqlite3_result_error_nomem(ctx);
				return;
			}
			put = 1;
			continue;
		}
		if (!k)
			break;
		if ((n->ids.len && buf_addc(&n->ids, ',')) || buf_add(&n->ids, p, k)) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
		p += k + (e ? 1 : 0);
	}
	result_buf(ctx, &n->ids);
}

static const struct {
	const char *name;
	void (*fn)(sqlite3_context *, int, sqlite3_value **);
	int pure;	/* depends on its argument only */
} functions[] = {
	{ "gw_country", sql_country, 1 },
	{ "gw_us_state", sql_us_state, 1 },
	{ "gw_partners", sql_partners, 0 },
	{ "gw_partners_unresolved", sql_partners_unresolved, 0 },
	{ "gw_primary", sql_primary, 0 },
	{ "gw_all_ids", sql_all_ids, 0 },
};
#define NFUNC (sizeof(functions) / sizeof(functions[0]))

int norm_init(struct norm *n, sqlite3 *db)
{
	size_t f;

	memset(n, 0, sizeof(*n));
	n->db = db;
	buf_init(&n->last, BUF_TEXT_MAX);
	buf_init(&n->partners, BUF_TEXT_MAX);
	buf_init(&n->unresolved, BUF_TEXT_MAX);
	buf_init(&n->ids, BUF_TEXT_MAX);
	for (f = 0; f < NFUNC; f++)
		if (sqlite3_create_function_v2(db, functions[f].name, 1,
					       SQLITE_UTF8 | (functions[f].pure ? SQLITE_DETERMINISTIC : 0),
					       n, functions[f].fn, NULL, NULL, NULL)) {
			gw_error("%s: %s", sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
			return -1;
		}
	n->functions = 1;
	return resolver_init(&n->res, db);
}

void norm_release(struct norm *n)
{
	size_t f;

	/* the functions point to n: gone with it */
	for (f = 0; n->functions && f < NFUNC; f++)
		sqlite3_create_function_v2(n->db, functions[f].name, 1, SQLITE_UTF8, NULL, NULL, NULL, NULL, NULL);
	resolver_release(&n->res);
	buf_release(&n->last);
	buf_release(&n->partners);
	buf_release(&n->unresolved);
	buf_release(&n->ids);
	memset(n, 0, sizeof(*n));
}

static int fail(struct norm *n)
{
	gw_error("%s: normalisation: %s", sqlite3_db_filename(n->db, "main"), sqlite3_errmsg(n->db));
	return -1;
}

long norm_backfill(struct norm *n)
{
	static const char *const operator_col[NTABLES] = { "operator", "operator", "applicant", "company", NULL };
	struct buf sql = BUF_INIT(BUF_SQL_MAX);
	long total = 0;
	size_t t, i;
	int first;

	for (t = 0; t < NTABLES && total >= 0; t++) {
		buf_reset(&sql);
		buf_printf(&sql, "UPDATE obs_%s SET ", tables[t]);
		for (i = 0, first = 1; i < NFILLED; i++) {
			if (strcmp(filled[i].kind, tables[t]))
				continue;
			buf_printf(&sql, "%s%s = ", first ? "" : ", ", filled[i].column);
			first = 0;
			if (expand(filled[i].expr, NULL, 0, &sql))
				total = -1;
		}
		/* and operator_id where the aliases now resolve the operator's words */
		if (operator_col[t] && buf_printf(&sql, ", operator_id = coalesce(gw_primary(%s), operator_id)",
						  operator_col[t]))
			total = -1;
		if (total < 0 || buf_error(&sql)) {
			total = -1;
			break;
		}
		n->have_last = 0;
		if (sqlite3_exec(n->db, sql.data, NULL, NULL, NULL) != SQLITE_OK) {
			total = fail(n);
			break;
		}
		total += sqlite3_changes(n->db);
	}
	buf_release(&sql);
	return total;
}

long norm_store_backfill(sqlite3 *db, int force)
{
	sqlite3_stmt *st;
	struct norm n;
	long r = -1;
	int pending = 0, rc;

	/* read without the write lock first: a store with nothing to do takes no lock */
	if (!(st = store_prepare(db, "SELECT count(*) FROM norm_pending")))
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		pending = sqlite3_column_int(st, 0) > 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		gw_error("%s: %s", sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
		return -1;
	}
	if (!pending && !force)
		return 0;
	if (store_exec(db, "BEGIN IMMEDIATE"))
		return -1;
	if (norm_init(&n, db) == 0 && (r = norm_backfill(&n)) >= 0 &&
	    store_exec(db, "DELETE FROM norm_pending"))
		r = -1;
	norm_release(&n);
	if (r >= 0 && store_exec(db, "COMMIT"))
		r = -1;
	if (r < 0)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return r;
}
