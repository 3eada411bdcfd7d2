#include "norm.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/msg.h"
#include "db.h"

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
	out->len = q;
	if (out->data)
		out->data[q] = '\0';
	else if (buf_adds(out, ""))
		return -1;
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

const char *norm_us_state(const char *s, size_t n)
{
	struct buf b = BUF_INIT(255);
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

enum { K_SITE, K_CAPACITY, K_PERMIT, K_FAB, K_GRID, K_N };

static const char *const kinds[K_N] = { "site", "capacity", "permit", "fab", "grid_request" };

/* country, state, operator, owner, tenant of a row: NULL where the kind has no such field */
static const char *const get_sql[K_N] = {
	"SELECT country, state, operator, owner, tenant FROM obs_site WHERE id = ?1",
	"SELECT country, state, operator, owner, tenant FROM obs_capacity WHERE id = ?1",
	"SELECT NULL, state, applicant, NULL, NULL FROM obs_permit WHERE id = ?1",
	"SELECT country, state, company, NULL, NULL FROM obs_fab WHERE id = ?1",
	"SELECT NULL, state, NULL, NULL, NULL FROM obs_grid_request WHERE id = ?1",
};
/* ?1 id, ?2 country_code, ?3 state_code, ?4 partners, ?5 partners_unresolved, ?6 owner_id, ?7 tenant_ids */
static const char *const set_sql[K_N] = {
	"UPDATE obs_site SET country_code = ?2, state_code = ?3, partners = ?4, partners_unresolved = ?5,"
	" owner_id = ?6, tenant_ids = ?7 WHERE id = ?1",
	"UPDATE obs_capacity SET country_code = ?2, state_code = ?3, partners = ?4, partners_unresolved = ?5,"
	" owner_id = ?6, tenant_ids = ?7 WHERE id = ?1",
	"UPDATE obs_permit SET state_code = ?3, partners = ?4, partners_unresolved = ?5"
	" WHERE id = ?1 AND ?2 IS NULL AND ?6 IS NULL AND ?7 IS NULL",
	"UPDATE obs_fab SET country_code = ?2, state_code = ?3, partners = ?4, partners_unresolved = ?5"
	" WHERE id = ?1 AND ?6 IS NULL AND ?7 IS NULL",
	"UPDATE obs_grid_request SET state_code = ?3"
	" WHERE id = ?1 AND ?2 IS NULL AND ?4 IS NULL AND ?5 IS NULL AND ?6 IS NULL AND ?7 IS NULL",
};
static const char *const setop_sql[4] = {
	"UPDATE obs_site SET operator_id = ?2 WHERE id = ?1",
	"UPDATE obs_capacity SET operator_id = ?2 WHERE id = ?1",
	"UPDATE obs_permit SET operator_id = ?2 WHERE id = ?1",
	"UPDATE obs_fab SET operator_id = ?2 WHERE id = ?1",
};

int norm_init(struct norm *n, sqlite3 *db)
{
	int k;

	memset(n, 0, sizeof(*n));
	n->db = db;
	buf_init(&n->partners, 65536);
	buf_init(&n->unresolved, 65536);
	buf_init(&n->ids, 65536);
	buf_init(&n->tmp, 65536);
	if (resolver_init(&n->res, db))
		return -1;
	for (k = 0; k < K_N; k++)
		if (!(n->get[k] = store_prepare(db, get_sql[k])) || !(n->set[k] = store_prepare(db, set_sql[k])))
			return -1;
	for (k = 0; k < 4; k++)
		if (!(n->setop[k] = store_prepare(db, setop_sql[k])))
			return -1;
	return 0;
}

void norm_release(struct norm *n)
{
	int k;

	for (k = 0; k < K_N; k++) {
		sqlite3_finalize(n->get[k]);
		sqlite3_finalize(n->set[k]);
	}
	for (k = 0; k < 4; k++)
		sqlite3_finalize(n->setop[k]);
	resolver_release(&n->res);
	buf_release(&n->partners);
	buf_release(&n->unresolved);
	buf_release(&n->ids);
	buf_release(&n->tmp);
	memset(n, 0, sizeof(*n));
}

static int fail(struct norm *n)
{
	gw_error("%s: normalisation: %s", sqlite3_db_filename(n->db, "main"), sqlite3_errmsg(n->db));
	return -1;
}

static const char *col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s && *s ? s : NULL;
}

/* binds text, or NULL when s is NULL or empty */
static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* n->ids = primary and partners (sorted, comma-separated) merged in order */
static int ids_merge(struct norm *n, const char *primary, const char *partners)
{
	const char *p = partners;
	int put = 0;

	buf_reset(&n->ids);
	while (*p || !put) {
		const char *e = strchr(p, ',');
		size_t k = e ? (size_t)(e - p) : strlen(p);
		if (!put && (!k || strncmp(primary, p, k) < 0 ||
			     (strncmp(primary, p, k) == 0 && strlen(primary) < k))) {
			if ((n->ids.len && buf_addc(&n->ids, ',')) || buf_adds(&n->ids, primary))
				return -1;
			put = 1;
			continue;
		}
		if (!k)
			break;
		if ((n->ids.len && buf_addc(&n->ids, ',')) || buf_add(&n->ids, p, k))
			return -1;
		p += k + (e ? 1 : 0);
	}
	return 0;
}

static int observe(struct norm *n, int k, long long id, int set_operator, int *changed)
{
	sqlite3_stmt *g = n->get[k], *s = n->set[k];
	const char *country, *state, *op, *owner, *tenant, *cc = NULL, *sc = NULL;
	char primary[128], ownerid[128];
	int rc, have_op = 0, have_owner = 0, have_tenant = 0;

	sqlite3_bind_int64(g, 1, id);
	rc = sqlite3_step(g);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(g);
		return rc == SQLITE_DONE ? 0 : fail(n);
	}
	country = col(g, 0), state = col(g, 1), op = col(g, 2), owner = col(g, 3), tenant = col(g, 4);
	if (country)
		cc = norm_country(country, strlen(country));
	if (state && ((cc && !strcmp(cc, "US")) || !country))
		sc = norm_us_state(state, strlen(state));
	buf_reset(&n->partners);
	buf_reset(&n->unresolved);
	if (op && (have_op = resolve_operator_list(&n->res, op, strlen(op), primary, sizeof(primary),
						   &n->partners, &n->unresolved)) < 0)
		goto failed;
	if (!have_op) {		/* no primary: the whole name is what is unresolved */
		buf_reset(&n->partners);
		buf_reset(&n->unresolved);
	}
	if (owner && (have_owner = resolve_operator_list(&n->res, owner, strlen(owner), ownerid, sizeof(ownerid),
							 &n->tmp, &n->ids)) < 0)
		goto failed;
	if (tenant) {
		char tprim[128];
		if ((have_tenant = resolve_operator_list(&n->res, tenant, strlen(tenant), tprim, sizeof(tprim),
							 &n->tmp, &n->ids)) < 0)
			goto failed;
		if (have_tenant && ids_merge(n, tprim, n->tmp.data ? n->tmp.data : ""))
			goto failed;
	}
	sqlite3_bind_int64(s, 1, id);
	bind_opt(s, 2, cc);
	bind_opt(s, 3, sc);
	bind_opt(s, 4, have_op ? n->partners.data : NULL);
	bind_opt(s, 5, have_op ? n->unresolved.data : NULL);
	bind_opt(s, 6, have_owner ? ownerid : NULL);
	bind_opt(s, 7, have_tenant ? n->ids.data : NULL);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	sqlite3_reset(g);
	if (rc != SQLITE_DONE)
		return fail(n);
	if (changed)
		*changed += sqlite3_changes(n->db) > 0;
	if (set_operator && have_op && k < 4) {
		sqlite3_bind_int64(n->setop[k], 1, id);
		sqlite3_bind_text(n->setop[k], 2, primary, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(n->setop[k]);
		sqlite3_reset(n->setop[k]);
		if (rc != SQLITE_DONE)
			return fail(n);
	}
	return 0;
failed:
	sqlite3_reset(g);
	return fail(n);
}

int norm_observe(struct norm *n, const char *kind, long long id)
{
	int k;

	for (k = 0; k < K_N; k++)
		if (!strcmp(kind, kinds[k]))
			return observe(n, k, id, 0, NULL);
	return 0;
}

long norm_backfill(struct norm *n)
{
	static const char *const ids_sql[K_N] = {
		"SELECT id FROM obs_site WHERE id > ?1 ORDER BY id LIMIT 1024",
		"SELECT id FROM obs_capacity WHERE id > ?1 ORDER BY id LIMIT 1024",
		"SELECT id FROM obs_permit WHERE id > ?1 ORDER BY id LIMIT 1024",
		"SELECT id FROM obs_fab WHERE id > ?1 ORDER BY id LIMIT 1024",
		"SELECT id FROM obs_grid_request WHERE id > ?1 ORDER BY id LIMIT 1024",
	};
	long long batch[1024], last;
	int k, nb, i, changed = 0, rc;
	long total = 0;

	for (k = 0; k < K_N; k++) {
		sqlite3_stmt *st = store_prepare(n->db, ids_sql[k]);
		if (!st)
			return -1;
		last = 0;
		do {
			/* a batch of ids first: updating rows while a scan is open could meet them again */
			nb = 0;
			sqlite3_bind_int64(st, 1, last);
			while ((rc = sqlite3_step(st)) == SQLITE_ROW)
				batch[nb++] = sqlite3_column_int64(st, 0);
			sqlite3_reset(st);
			if (rc != SQLITE_DONE) {
				sqlite3_finalize(st);
				return fail(n);
			}
			for (i = 0; i < nb; i++) {
				changed = 0;
				if (observe(n, k, batch[i], 1, &changed)) {
					sqlite3_finalize(st);
					return -1;
				}
				total++;
			}
			if (nb)
				last = batch[nb - 1];
		} while (nb == 1024);
		sqlite3_finalize(st);
	}
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
