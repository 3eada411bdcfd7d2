#!/bin/sh
# Parsers epoch-hardware and epoch-chip-sales on the corpus (Epoch AI ML hardware
# table, two schemas; Epoch AI chip sales by quarter) and on our own fixtures.
# Expected values were read by hand from the CSV files (python3 csv module, cells named below).
. "$(dirname "$0")/test-lib.sh"

A=$FIXTURES/accelerators

test_expect_success 'fixture hardware table: detected, multi-line note and inf survive, 4 records' '
	gw-parse $A/ml_hardware.csv >hw.jsonl 2>err &&
	grep -q "parser epoch-hardware (detected)" err &&
	test_eq 4 "$(grep -c "\"kind\":\"accelerator\"" hw.jsonl)"
'
test_expect_success 'fixture: a column with inf is left out, a missing TDP is left out' '
	gw-load -d f.db hw.jsonl 2>/dev/null &&
	test_eq "|2.3e+15|4.6e+15|192" \
		"$(q f.db "select tdp_w, printf('"'"'%g'"'"', bf16_flops), printf('"'"'%g'"'"', ops8), printf('"'"'%g'"'"', hbm_gb) from v_accelerators where sku = '"'"'Fixture TPU'"'"'")"
'
test_expect_success 'a row with a number that is not a number is rejected with the column named' '
	printf "Hardware name,TDP (W),Tensor-FP16/BF16 performance (FLOP/s)\nX,seven hundred,1e15\nY,700,1e15\n" >bad.csv &&
	test_expect_code 1 gw-parse bad.csv >bad.jsonl 2>err &&
	grep -q "line 2: TDP (W) .seven hundred. is not a number" err &&
	grep -q "\"kind\":\"reject\"" bad.jsonl && grep -q "\"sku\":\"Y\"" bad.jsonl
'
test_expect_success 'a table that is not Epoch hardware is not claimed by epoch-hardware' '
	printf "Hardware name,Colour\nX,red\n" >other.csv &&
	test_must_fail gw-parse -p epoch-hardware other.csv >/dev/null 2>err &&
	grep -q "not an Epoch ML hardware table" err
'
test_expect_success 'a chip sales file without units is recognised and said not to parse, status 1' '
	printf "Name,Chip manufacturer,Start date,End date,Colour\nQ1 2024 - X,AMD,1/1/2024,3/31/2024,red\n" >nounits.csv &&
	test_expect_code 1 gw-parse nounits.csv >/dev/null 2>err &&
	grep -q "epoch-chip-sales (detected)" err && grep -q "no Number of Units column" err
'
test_expect_success 'a label that disagrees with the dates is warned about; the dates win' '
	printf "Name,Chip manufacturer,Start date,End date,Number of Units,Chip type\nFY24 Q2 - MI300X,AMD,1/1/2024,3/31/2024,7,MI300X\n" >lab.csv &&
	gw-parse lab.csv >lab.jsonl 2>err &&
	grep -q "label .FY24 Q2 - MI300X. says 2024Q2 but the dates say 2024Q1; the dates are used" err &&
	grep -q "\"quarter\":\"2024Q1\"" lab.jsonl
'
test_expect_success 'AMD fiscal label FY25 Q1 maps to calendar 2025Q1 (dates 1/1/2025-3/31/2025)' '
	gw-parse $A/amd_chips.csv >amd.jsonl 2>/dev/null &&
	gw-load -d amd.db amd.jsonl 2>/dev/null &&
	test_eq "2025Q1|10000" "$(q amd.db "select quarter, printf('"'"'%g'"'"', units) from v_shipments")" &&
	grep -q "\"as_of\":\"2026-04-03\"" amd.jsonl
'

need_corpus
C=$CORPUS/accelerators
test_expect_success 'corpus ml_hardware.csv (Dec 2025 schema): 170 accelerators, no rejects' '
	gw-parse $C/ml_hardware.csv >h1.jsonl 2>err && grep -q "epoch-hardware (detected)" err &&
	test_eq 170 "$(grep -c "\"kind\":\"accelerator\"" h1.jsonl)" &&
	test_eq 0 "$(grep -c "\"kind\":\"reject\"" h1.jsonl)"
'
test_expect_success 'corpus ml_hardware_2026-04.csv (re-ordered schema): 175 accelerators' '
	gw-parse $C/ml_hardware_2026-04.csv >h2.jsonl 2>/dev/null &&
	test_eq 175 "$(grep -c "\"kind\":\"accelerator\"" h2.jsonl)"
'
# ml_hardware.csv, row "NVIDIA H100 SXM5 80GB": TDP (W) 700.0, Tensor-FP16/BF16 989400000000000.0,
# Memory size per board (Byte) 80000000000.0, Release price (USD) 33600.0, INT8 1979000000000000.0.
# Row "AMD Instinct MI300X": TDP (W) 750.0, BF16 1307400000000000.0, memory 192000000000.0.
test_expect_success 'corpus H100 SXM5: 700 W, 9.894e14 BF16 FLOP/s, 80 GB, 33,600 USD, 1.979e15 INT8' '
	gw-load -d c.db h1.jsonl 2>/dev/null &&
	test_eq "700|9.894e+14|80|33600|1.979e+15|2022-09-20" \
		"$(q c.db "select printf('"'"'%g|%g|%g|%g|%g'"'"', tdp_w, bf16_flops, hbm_gb, unit_cost_usd, ops8), released from v_accelerators where sku = '"'"'NVIDIA H100 SXM5 80GB'"'"'")"
'
test_expect_success 'corpus MI300X: 750 W, 1.3074e15 BF16, 192 GB' '
	test_eq "750.0|1.3074e+15|192.0" \
		"$(q c.db "select tdp_w, bf16_flops, hbm_gb from v_accelerators where sku = '"'"'AMD Instinct MI300X'"'"'")"
'
# ml_hardware_2026-04.csv, row "NVIDIA B200": TDP (W) 1000.0, Tensor-FP16/BF16 2250000000000000.0,
# Memory (bytes) 180000000000.0
test_expect_success 'corpus 2026-04 file: B200 1000 W, 2.25e15 BF16, 180 GB (Memory (bytes) column)' '
	gw-load -d c2.db h2.jsonl 2>/dev/null &&
	test_eq "1000.0|2.25e+15|180.0" \
		"$(q c2.db "select tdp_w, bf16_flops, hbm_gb from v_accelerators where sku = '"'"'NVIDIA B200'"'"'")"
'
test_expect_success 'corpus shipments: every file detected as epoch-chip-sales, no rejects' '
	for f in $C/shipments/*.csv; do
		gw-parse $f >>s.jsonl 2>>err || exit 1
	done &&
	test_eq 5 "$(grep -c "epoch-chip-sales (detected)" err)" &&
	test_eq 0 "$(grep -c "\"kind\":\"reject\"" s.jsonl)" &&
	gw-load -d s.db s.jsonl 2>/dev/null
'
# nvidia_calendar_quarter_chip_timelines.csv line 2: "Q1 2022 - A100 ... 66883 ... 212120"
test_expect_success 'corpus NVIDIA Q1 2022 A100: 212,120 units = 66,883 H100e' '
	test_eq "212120.0|66883.0" "$(q s.db "select units, h100e from v_shipments where designer = '"'"'Nvidia'"'"' and sku = '"'"'A100'"'"' and quarter = '"'"'2022Q1'"'"'")"
'
# trainium_chip_timelines.csv line 2: "Q1 2024 - Trainium1 ... 110000 ... 33.5"
test_expect_success 'corpus Trainium1 Q1 2024: 110,000 units, 33.5 MW' '
	test_eq "110000.0|33.5" "$(q s.db "select units, power_mw from v_shipments where sku = '"'"'Trainium1'"'"' and quarter = '"'"'2024Q1'"'"'")"
'
# nvidia_cumulative_totals.csv line 5: "Nvidia total Q1 2022 to Q4 2022 ... 834843 (units, median) ... 289671".
# The per-quarter medians of 2022 (lines 2-7 of the calendar-quarter file) sum to 834,956 by hand:
# a median of a sum is not the sum of medians, so the two agree to 0.014%, not exactly.
test_expect_success 'corpus cumulative to Q4 2022: 834,843 units; the quarters sum to 834,956 (kept apart)' '
	test_eq "834843.0|289671.0" "$(q s.db "select units, h100e from v_shipments where sku = '"'"'cumulative'"'"' and quarter = '"'"'2022Q4'"'"'")" &&
	test_eq 834956 "$(q s.db "select cast(sum(units) as int) from v_shipments where designer = '"'"'Nvidia'"'"' and sku <> '"'"'cumulative'"'"' and quarter <= '"'"'2022Q4'"'"'")"
'
# amd_chip_timelines.csv line 4: "FY24 Q1 - Instinct MI300X,AMD,1/1/2024,3/31/2024,45632,...,34535"
test_expect_success 'corpus AMD FY24 Q1 MI300X is calendar 2024Q1: 34,535 units, 45,632 H100e' '
	test_eq "34535.0|45632.0" "$(q s.db "select units, h100e from v_shipments where sku = '"'"'Instinct MI300X'"'"' and quarter = '"'"'2024Q1'"'"'")"
'
test_done
