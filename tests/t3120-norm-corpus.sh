#!/bin/sh
# Normalisation on the real corpus (store/norm.c, migration 053): the data-center files
# (Epoch, OSM, the VA registry) and the fab lists through gw-parse | gw-load; country and
# state codes, operator lists, owners and tenants. Expected values were counted by hand
# with python3's csv and json modules; each test says which rows and columns.
. "$(dirname "$0")/test-lib.sh"
need_corpus
DC=$CORPUS/datacenters

test_expect_success 'the corpus loads: Epoch, OSM, the VA registry, the fab lists' '
	for f in "$DC"/data_centers.csv "$DC"/data_centers_2026-08.csv "$DC"/gpu_clusters.csv \
		 "$DC"/osm_us_va.json "$DC"/osm_us_tx.json "$CORPUS"/permits/registry.csv \
		 "$CORPUS"/fabs/fabs.json "$CORPUS"/fabs/fabs_sourced.json "$CORPUS"/fabs/fabs.geojson; do
		gw-parse --as-of 2026-08-01 "$f" >>all.jsonl 2>>parse.err
		# fabs.json and fabs_sourced.json: Crolles 300mm has latitude 267195 (status 1)
		case $?,$f in 0,*|1,*/fabs.json|1,*/fabs_sourced.json) ;; *) return 1 ;; esac
	done &&
	test_eq 2 "$(grep -c "lat 267195, .* is not a point on the globe" parse.err)" &&
	gw-load -q -d n.db all.jsonl &&
	test_eq "0|2" "$(q n.db "select (select count(*) from rejects),
		count(*) from obs_fab where name = '"'Crolles 300mm (Crolles 2)'"' and lat is null")"
'
doc() { sha256sum "$1" | cut -c1-64; }

# data_centers_2026-08.csv, column "Country" (the 15th) of its 75 records (323 physical
# lines): "United States" 66, "China" 3 (Huawei Horinger, VNET Bayin Ulanqab, Alibaba
# Zhangbei), one each "Malaysia" (DayOne Nusajaya), "United Kingdom" (Google Waltham
# Cross), "Indonesia" (Oracle Batam), "Portugal" (Start Campus Sines), "United Arab
# Emirates" (OpenAI Stargate UAE), "Australia" (Southgate Melbourne).
test_expect_success 'data_centers_2026-08.csv: sites per country code as its Country column says' '
	printf "%s\n" "AE|1" "AU|1" "CN|3" "GB|1" "ID|1" "MY|1" "PT|1" "US|66" >expect &&
	q n.db "select country_code, count(*) from obs_site where doc_id = (select id from documents where sha256 = '"'$(doc "$DC/data_centers_2026-08.csv")'"')
		group by country_code order by country_code" >got &&
	test_cmp expect got
'
# gpu_clusters.csv, rows with a "Power Capacity (MW)" (a capacity record each): Country
# "United States of America" 196, "Korea (Republic of)" 15, "United Kingdom of Great
# Britain and Northern Ireland" 7, "China" 167, "Philippines (the)" none (its 2 rows have
# no power figure: they only give sites), no country 72.
test_expect_success 'gpu_clusters.csv: the ISO long names resolve (US 196, KR 15, GB 7, CN 167; 72 without)' '
	test_eq "196|15|7|167|72" "$(q n.db "select sum(country_code = '"'US'"'), sum(country_code = '"'KR'"'),
		sum(country_code = '"'GB'"'), sum(country_code = '"'CN'"'), sum(country IS NULL)
		from obs_capacity where doc_id = (select id from documents where sha256 = '"'$(doc "$DC/gpu_clusters.csv")'"')")"
'
# Every spelling of a country in the loaded files: Epoch's GPU clusters (UN style names),
# Epoch's data centers, the registry's "US", the fab lists' alpha-2 codes.
test_expect_success 'every country spelling of the corpus has its code' '
	cat >expect <<-\EOF &&
	AT|AT
	Australia|AU
	Brazil|BR
	CN|CN
	Canada|CA
	China|CN
	Czechia|CZ
	DE|DE
	Denmark|DK
	FR|FR
	Finland|FI
	France|FR
	Germany|DE
	Hong Kong|HK
	IE|IE
	IL|IL
	IT|IT
	Iceland|IS
	India|IN
	Indonesia|ID
	Israel|IL
	Italy|IT
	JP|JP
	Japan|JP
	KR|KR
	Korea (Republic of)|KR
	Luxembourg|LU
	MY|MY
	Malaysia|MY
	Mexico|MX
	Netherlands|NL
	Norway|NO
	Philippines (the)|PH
	Poland|PL
	Portugal|PT
	Russia|RU
	SG|SG
	Saudi Arabia|SA
	Singapore|SG
	Slovenia|SI
	Spain|ES
	Sweden|SE
	Switzerland|CH
	TW|TW
	Taiwan|TW
	Thailand|TH
	US|US
	United Arab Emirates|AE
	United Kingdom|GB
	United Kingdom of Great Britain and Northern Ireland|GB
	United States|US
	United States of America|US
	Vietnam|VN
	EOF
	q n.db "select distinct country, country_code from (select country, country_code from obs_site
		union all select country, country_code from obs_capacity union all select country, country_code from obs_fab)
		where country is not null order by country" >got &&
	test_cmp expect got
'
test_expect_success 'no country and no state of these files is left unresolved' '
	gw-load -d n.db --unresolved >unres &&
	! grep "^country	" unres &&
	! grep "^state	" unres &&
	test_eq 0 "$(q n.db "select count(*) from obs_site where state is not null and state_code is null")"
'
# registry.csv has "VA" in no column: the parser states VA for every row (832 sites); OSM's
# addr:state is "VA" on 172 of osm_us_va.json's elements, none elsewhere.
test_expect_success 'US states: the registry'"'"'s 832 sites and 172 OSM elements are VA' '
	test_eq "832|832" "$(q n.db "select count(*), sum(state_code = '"'VA'"') from obs_site
		where doc_id = (select id from documents where sha256 = '"'$(doc "$CORPUS/permits/registry.csv")'"')")" &&
	test_eq 172 "$(q n.db "select count(*) from obs_site where state_code = '"'VA'"'
		and doc_id = (select id from documents where sha256 = '"'$(doc "$DC/osm_us_va.json")'"')")"
'

# gpu_clusters.csv, column Owner: "OpenAI,Microsoft" (OpenAI/Microsoft Atlanta, Mt Pleasant
# Phases 1 and 2) and "Microsoft,OpenAI" (OpenAI/Microsoft Goodyear Arizona, Microsoft GPT-4
# cluster, Azure OpenAI GPT-3 Cluster): one primary operator whatever the order.
test_expect_success 'Owner "OpenAI,Microsoft" and "Microsoft,OpenAI": microsoft, partner openai, three rows each' '
	test_eq "Microsoft,OpenAI|microsoft|openai|3
OpenAI,Microsoft|microsoft|openai|3" "$(q n.db "select operator, operator_id, partners, count(*) from obs_capacity
		where operator in ('"'OpenAI,Microsoft'"', '"'Microsoft,OpenAI'"') group by 1, 2, 3 order by 1")"
'
test_expect_success 'the other lists of Owner: the GPU cloud or hyperscaler runs it; partners sorted' '
	cat >expect <<-\EOF &&
	Amazon,NVIDIA|amazon|nvidia|
	CZ Biohub Network,CoreWeave|coreweave||CZ Biohub Network
	G42,Microsoft|microsoft|g42|
	Inflection AI,CoreWeave|coreweave|inflection|
	Microsoft,NVIDIA|microsoft|nvidia|
	NVIDIA,CoreWeave|coreweave|nvidia|
	NVIDIA,CoreWeave,Inflection AI|coreweave|inflection,nvidia|
	SK Telecom,Amazon|amazon|sk-telecom|
	EOF
	q n.db "select distinct operator, operator_id, partners, partners_unresolved from obs_capacity
		where operator glob '"'*,*'"' and operator_id is not null and operator not like '"'%OpenAI%'"'
		order by operator" >got &&
	test_cmp expect got
'
test_expect_success 'lists where no member resolves stay unresolved whole; "Texas A&M" is one name' '
	grep -q "^capacity	EuroHPC JU,Julich Supercomputing Center	1$" unres &&
	grep -q "^capacity	Texas A&M	1$" unres &&
	grep -q "^partner	CZ Biohub Network	2$" unres	# its cluster'"'"'s site and capacity rows
'
# registry.csv, column operator: "NTT / RagingWire" (14 rows), one operator an alias knows
test_expect_success 'a name with a separator that an alias knows is one operator: "NTT / RagingWire"' '
	test_eq "ntt||14" "$(q n.db "select operator_id, coalesce(partners, '"''"'), count(*) from obs_site
		where operator = '"'NTT / RagingWire'"' group by 1, 2")"
'

# data_centers_2026-08.csv, row "OpenAI Stargate Abilene" (physical line 24): Owner
# "Oracle #confident", Users "OpenAI #confident"; row "Colossus 2": Users "Anthropic
# #confident, Cursor #confident, SpaceXAI #confident" (Cursor has no alias); row "Microsoft
# Fairwater Atlanta": Users "OpenAI #likely, Microsoft #likely".
test_expect_success 'Epoch: Owner is the operator, Users the tenants' '
	test_eq "oracle|OpenAI #confident|openai" "$(q n.db "select operator_id, tenant, tenant_ids from obs_site
		where name = '"'OpenAI Stargate Abilene'"'")" &&
	test_eq "xai|anthropic,xai" "$(q n.db "select operator_id, tenant_ids from obs_site where name = '"'Colossus 2'"'")" &&
	test_eq "microsoft|microsoft,openai" "$(q n.db "select operator_id, tenant_ids from obs_capacity
		where site = '"'Microsoft Fairwater Atlanta'"'")"
'
# osm_us_va.json, $.elements[24] (way 45776988 "Amazon IAD7"): operator "Amazon Web
# Services", owner "Digital Realty"; 28 elements have an owner tag, 9 an owner that is
# not their operator.
test_expect_success 'OSM: the operator and owner tags stay apart (Amazon IAD7: amazon in Digital Realty'"'"'s building)' '
	test_eq "amazon|Digital Realty|digital-realty" "$(q n.db "select operator_id, owner, owner_id from obs_site
		where loc = '"'\$.elements[24] (way 45776988)'"'")" &&
	test_eq "28|9" "$(q n.db "select count(*), sum(owner <> operator) from obs_site
		where owner is not null and doc_id = (select id from documents where sha256 = '"'$(doc "$DC/osm_us_va.json")'"')")"
'
# registry.csv line 5: STAVERTON/SEVERN, operator "Amazon Web Services" (from OSM's tag),
# operator_raw "ELECTRIC BUILDING LLC" (the owner of record)
test_expect_success 'VA registry: the owner of record is the owner, the operator the operator' '
	test_eq "amazon|ELECTRIC BUILDING LLC|" "$(q n.db "select operator_id, owner, coalesce(owner_id, '"''"') from obs_site
		where loc = '"'line 5'"' and doc_id = (select id from documents where sha256 = '"'$(doc "$CORPUS/permits/registry.csv")'"')")"
'
test_expect_success 'the views show the codes at their end' '
	test_eq "US|TX|OpenAI #confident" "$(q n.db "select country_code, state_code, tenant from v_sites
		where name = '"'OpenAI Stargate Abilene'"'")" &&
	test_eq "microsoft|openai" "$(q n.db "select operator, partners from v_capacity_current
		where site = '"'OpenAI/Microsoft Atlanta'"'")" &&
	test_eq "TW|" "$(q n.db "select country_code, coalesce(state_code, '"''"') from v_fabs_current where name = '"'TSMC Fab 18'"'")" &&
	test_eq "VA" "$(q n.db "select distinct state_code from v_permits_current")"
'
test_done
