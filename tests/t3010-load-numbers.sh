#!/bin/sh
# gw-load: numbers that are not numbers. A non-finite value (1e999 reads as
# infinity), a value outside its field's range (schemas/records.md, "Ranges"),
# an integer that a number cannot keep exactly, an implausible year: each is a
# reject naming the field, its value and the record's place, never stored.
. "$(dirname "$0")/test-lib.sh"

D=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
F='"as_of":"2025-01-02","src":{"doc":"'$D'","loc"'

cat >bad.jsonl <<EOF2
{"kind":"capacity","site":"A","mw":1e999,"mw_basis":"it","status":"operational",$F:"r1"}}
{"kind":"capacity","site":"B","mw":-1e999,"mw_basis":"it","status":"operational",$F:"r2"}}
{"kind":"capacity","site":"C","mw":-5,"mw_basis":"it","status":"operational",$F:"r3"}}
{"kind":"capacity","site":"D","mw":250000,"mw_basis":"it","status":"operational",$F:"r4"}}
{"kind":"gpu_price","provider":"p","tier":"neocloud","sku":"h100-sxm","term":"spot","usd_per_gpu_hour":-2.5,"observed_at":"2025-01-02",$F:"r5"}}
{"kind":"gpu_price","provider":"p","tier":"neocloud","sku":"h100-sxm","term":"spot","usd_per_gpu_hour":0,"observed_at":"2025-01-02",$F:"r6"}}
{"kind":"site","name":"S","lat":91,"lon":0,$F:"r7"}}
{"kind":"site","name":"S","lat":1,"lon":-180.5,$F:"r8"}}
{"kind":"shipment","designer":"nvidia","sku":"h100","quarter":"2024Q1","units":-1,$F:"r9"}}
{"kind":"fab","company":"c","name":"f","start_year":3000,$F:"r10"}}
{"kind":"filing","cik":123456789012345678901,"form":"10-K","accession":"a","filed":"2025-01-01",$F:"r11"}}
{"kind":"capex","cik":1,"concept":"c","period_start":"2025-01-01","period_end":"2025-03-31","usd":9007199254740993,$F:"r12"}}
{"kind":"fab","company":"c","name":"f","wafer_mm":1e999,$F:"r13"}}
{"kind":"capacity","site":"E","mw":10,"mw_basis":"it","status":"operational","expected_online":"2999Q1",$F:"r14"}}
{"kind":"grid_request","iso":"PJM","queue_id":"Q1","request_kind":"load","status":"active","requested":"1850-01-01",$F:"r15"}}
{"kind":"capacity","site":"F","mw":10,"mw_basis":"it","status":"operational","as_of":"1066-10-14","src":{"doc":"$D","loc":"r16"}}
{"kind":"fab","company":"c","name":"f","start_year":1e300,$F:"r17"}}
{"kind":"fab","company":"c","name":"f","start_year":2020.5,$F:"r18"}}
EOF2

test_expect_success 'non-finite, out-of-range and inexact numbers are rejected; status 1' '
	test_expect_code 1 gw-load -d s.db bad.jsonl 2>err &&
	grep -q "read 18, stored 0, unchanged 0, rejected 18" err &&
	test_eq 0 "$(q s.db "select (select count(*) from obs_capacity) + (select count(*) from obs_gpu_price)
		+ (select count(*) from obs_site) + (select count(*) from obs_shipment) + (select count(*) from obs_fab)
		+ (select count(*) from obs_filing) + (select count(*) from obs_capex) + (select count(*) from obs_grid_request)")"
'
test_expect_success 'each reject names the field, the value and the range' '
	q s.db "select loc || \": \" || reason from rejects order by line" >reasons &&
	cat >want <<-\EOF2 &&
	r1: mw is not a finite number (infinity)
	r2: mw is not a finite number (-infinity)
	r3: mw -5 is out of range: it must be >= 0 and <= 100000
	r4: mw 250000 is out of range: it must be >= 0 and <= 100000
	r5: usd_per_gpu_hour -2.5 is out of range: it must be > 0 and <= 10000
	r6: usd_per_gpu_hour 0 is out of range: it must be > 0 and <= 10000
	r7: lat 91 is out of range: it must be >= -90 and <= 90
	r8: lon -180.5 is out of range: it must be >= -180 and <= 180
	r9: units -1 is out of range: it must be >= 0 and <= 10000000000
	r10: start_year 3000 is out of range: it must be >= 1900 and <= 2100
	r11: cik 1.2345678901234568e+20 is an integer beyond 64 bits that cannot be kept exactly
	r12: usd 9007199254740993 is an integer beyond 2^53 that a number cannot keep exactly
	r13: wafer_mm is not a finite number (infinity)
	r14: expected_online '"'"'2999Q1'"'"' has an implausible year (not 1900 to 2100)
	r15: requested '"'"'1850-01-01'"'"' has an implausible year (not 1900 to 2100)
	r16: as_of is missing, not an ISO 8601 date or date-time, or not in 1900 to 2100
	r17: start_year 1e+300 is out of range: it must be >= 1900 and <= 2100
	r18: start_year is not an integer
	EOF2
	test_cmp want reasons
'
test_expect_success 'the message on stderr says the input, line and place' '
	grep -q "^gw-load: bad.jsonl: line 1: mw is not a finite number (infinity) (r1)$" err
'

cat >edge.jsonl <<EOF2
{"kind":"capacity","site":"Z","mw":0,"mw_basis":"it","status":"cancelled",$F:"e1"}}
{"kind":"capacity","site":"Y","mw":100000,"mw_basis":"utility","status":"announced",$F:"e2"}}
{"kind":"site","name":"Pole","lat":-90,"lon":180,$F:"e3"}}
{"kind":"fab","company":"c","name":"f","start_year":2020.0,"wafer_mm":300,$F:"e4"}}
{"kind":"accelerator","sku":"x1","ops8":9007199254740992,$F:"e5"}}
{"kind":"gpu_price","provider":"p","tier":"neocloud","sku":"h100-sxm","term":"spot","usd_per_gpu_hour":0.01,"observed_at":"2025-01-02T10:00:00Z",$F:"e6"}}
EOF2
test_expect_success 'values on the bounds of their range are stored (mw 0 and 100000, lat -90, lon 180, 2^53)' '
	gw-load -d s.db edge.jsonl 2>err &&
	grep -q "read 6, stored 6, unchanged 0, rejected 0" err &&
	test_eq "0.0 100000.0" "$(q s.db "select group_concat(mw, \" \") from (select mw from obs_capacity order by mw)")" &&
	test_eq 2020 "$(q s.db "select start_year from obs_fab")" &&
	test_eq 9007199254740992 "$(q s.db "select printf(\"%d\", ops8) from obs_accelerator")"
'

# The issue's symptom: one capacity record of 1e999 MW made the report's headline "inf MW".
cat >headline.jsonl <<EOF2
{"kind":"capacity","site":"Real","mw":120,"mw_basis":"it","status":"operational",$F:"h1"}}
{"kind":"capacity","site":"Huge","mw":1e999,"mw_basis":"it","status":"operational",$F:"h2"}}
EOF2
test_expect_success 'a 1e999 MW record does not reach the report: the headline stays finite' '
	test_expect_code 1 gw-load -d h.db headline.jsonl 2>err &&
	gw-report -d h.db --quarter 2025Q1 --section headline >out &&
	grep -q "120" out &&
	! grep -qi "inf" out
'
test_done
