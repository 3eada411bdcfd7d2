#!/bin/sh
# US states of the six ISO queue downloads (../shared/corpus/power) through gw-parse |
# gw-load: every state the queues name gets its code but for the values that name no one
# state, which gw-load --unresolved lists with their counts. Counted by hand from the
# sheets as xlsx2csv gives them (column "State" of each sheet):
#   CAISO_Queue_Report.xlsx   "MX" (projects in Mexico): Grid GenerationQueue 4,
#                             Completed Generation Projects 1, Withdrawn Generation Projects 13
#   NYISO-Interconnection-Queue.xlsx  sheet In Service: "NY-NJ" 3, "NY-PA" 2 (lines across
#                             two states), "Quebec" 1
#   PJM_Queue.xlsx            sheet Data, column D: "N/A" 17
#   SPP_GI_ActiveRequest.xlsx "TX/OK" 1
#   MISO_GI_Interactive_Queue.csv  none
. "$(dirname "$0")/test-lib.sh"
need_corpus
P=$CORPUS/power

test_expect_success 'the six queues load' '
	for f in CAISO_Queue_Report.xlsx ERCOT_GIS_Report_December2024.xlsx MISO_GI_Interactive_Queue.csv \
		 NYISO-Interconnection-Queue.xlsx PJM_Queue.xlsx SPP_GI_ActiveRequest.xlsx; do
		gw-parse "$P/$f" >>q.jsonl 2>>parse.err
		[ $? -le 1 ] || return 1	# exit 1: the junk test line of MISO is a reject
	done &&
	test_expect_code 1 gw-load -q -d q.db q.jsonl
'
test_expect_success 'the states no table knows, with their counts' '
	cat >expect <<-\EOF &&
	state	MX	18
	state	N/A	17
	state	NY-NJ	3
	state	NY-PA	2
	state	Quebec	1
	state	TX/OK	1
	EOF
	gw-load -d q.db --unresolved | grep "^state	" | sort >got &&
	test_cmp expect got
'
test_expect_success 'every other state given has its code' '
	test_eq 0 "$(q q.db "select count(*) from obs_grid_request where state is not null and state_code is null
		and state not in ('"'MX'"', '"'N/A'"', '"'NY-NJ'"', '"'NY-PA'"', '"'Quebec'"', '"'TX/OK'"')")" &&
	test_eq "$(q q.db "select count(*) from obs_grid_request where state = '"'Michigan'"'")" \
		"$(q q.db "select count(*) from obs_grid_request where state = '"'Michigan'"' and state_code = '"'MI'"'")" &&
	test "$(q q.db "select count(distinct state_code) from obs_grid_request")" -ge 30
'
test_done
