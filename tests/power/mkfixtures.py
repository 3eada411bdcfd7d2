#!/usr/bin/python3
"""Writes the power-queue fixtures of fixtures/power/ (run by hand; the files are committed).

Small workbooks in each ISO's real layout (sheet names, title rows, header rows, footers),
with made-up projects. usage: mkfixtures.py OUTDIR
"""
import datetime as dt
import sys

import openpyxl

out = sys.argv[1]
D = dt.datetime


def save(wb, name):
    wb.save(f"{out}/{name}")


def date_style(ws, cells):
    for c in cells:
        ws[c].number_format = "m/d/yyyy"


# ---- PJM: sheet "Data", header row 1, one row per project
PJM_HDR = ["Project ID", "Name", "Commercial Name", "State", "County", "Status", "Transmission Owner", "MFO",
           "MW Energy", "MW Capacity", "MW In Service", "Capacity or Energy", "Project Type", "Fuel",
           "Project (AC/DC)", "Rights (MW)", "Initial Study", "Feasibility Study", "Feasibility Study Status",
           "System Impact Study", "System Impact Study Status", "Facilities Study", "Facilities Study Status",
           "Interim/Interconnection Service/Generation Interconnection Agreement",
           "Interim/Interconnection Service/Generation Interconnection Agreement Status",
           "Wholesale Market Participation Agreement", "Construction Service Agreement",
           "Construction Service Agreement Status", "Upgrade Construction Service Agreement",
           "Upgrade Construction Service Agreement Status", "Backfeed Date", "Submitted Date",
           "Long-Term Firm Service Start Date", "Long-Term Firm Service End Date", "Test Energy Date",
           "Withdrawal Date", "Withdrawn Remarks", "Commercial Operation Milestone", "Revised In Service Date",
           "Actual In Service Date", "Attachment Type", "Alternate Project", "Sliding Project"]
PJM_ROWS = [
    # id, name, commercial, st, county, status, to, mw energy, mw cap, fuel, submitted, revised isd
    ("AB1-001", "Brambleton 230kV", "Loudoun Peakers", "VA", "Loudoun", "Active", "Dominion", 300, 280,
     "Natural Gas", "4/1/2015", "6/1/2026"),
    ("AB1-002", "Mount Storm 500kV", "Allegheny Solar", "WV", "Grant", "Withdrawn", "APS", 79.900000000000006,
     40, "Solar", "4/3/2015", ""),
    ("AC2-117", "Keeney 230kV", "Keeney Storage", "DE", "New Castle", "In Service", "DPL", 150, 150,
     "Storage", "10/12/2016", "12/31/2021"),
    ("AD1-050", "Possum Point 230kV", "Possum Hybrid", "VA", "Prince William", "Suspended", "Dominion", 95.5, 60,
     "Solar; Storage", "5/1/2017", "TBD"),
    ("AE2-301", "Loudoun 500kV", "Loudoun Tie", "VA", "Loudoun", "Engineering and Procurement", "Dominion", 12.25,
     10, "Natural Gas", "9/30/2018", "1/15/2027"),
]
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Data"
ws.append(PJM_HDR)
for r in PJM_ROWS:
    row = [""] * len(PJM_HDR)
    row[0:9] = [r[0], r[1], r[2], r[3], r[4], r[5], r[6], "", r[7]]
    row[9] = r[8]
    row[11] = "Capacity"
    row[12] = "Generation Interconnection"
    row[13] = r[9]
    row[PJM_HDR.index("Submitted Date")] = r[10]
    row[PJM_HDR.index("Revised In Service Date")] = r[11]
    ws.append(row)
ws2 = wb.create_sheet("Definitions-Mapping")
ws2.append(["Field", "Definition", "Mapping"])
ws2.append(["MW Energy", "Maximum energy output requested", "MW"])
save(wb, "pjm_queue.xlsx")

# ---- SPP: row 1 "Last Updated On" + a date, header in row 2
SPP_HDR = ["Generation Interconnection Number", "IFS Queue Number", "Current Cluster", "Cluster Group",
           " Nearest Town or County", "State", "TO at POI", "In-Service Date", "Commercial Operation Date",
           "Cessation Date", "Replacement Generator Commercial Op Date", "Capacity", "MAX Summer MW",
           "MAX Winter MW", "Service Type", "Generation Type", "Fuel Type", "Substation or Line",
           "Request Received", "Date Withdrawn", "Status", "Cause of Delay"]
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "SPP GI_ActiveRequest"
ws.append(["Last Updated On", D(2025, 1, 22)])
ws["B1"].number_format = "m/d/yyyy"
ws.append(SPP_HDR)
SPP_ROWS = [
    ("GEN-2024-SR1", "Beaver County", "OK", None, D(2027, 1, 1), 150, 150, "Battery/Storage", None,
     D(2024, 1, 26), "IA PENDING"),
    ("GEN-2023-101", "Finney County", "KS", D(2026, 6, 30), D(2026, 12, 1), 250.5, 250.5, "Wind", None,
     D(2023, 3, 1), "DISIS STAGE"),
    ("GEN-2010-007", "Tulsa", "OK", D(2012, 6, 1), D(2012, 6, 1), 99.5, 99.5, "Thermal", "Gas", D(2010, 2, 2),
     "IA FULLY EXECUTED/COMMERCIAL OPERATION"),
    ("GEN-2022-045", "Lea County", "NM", None, D(2028, 5, 1), 300, 300, "Hybrid", "Solar/Storage",
     D(2022, 5, 5), "IA FULLY EXECUTED/ON SUSPENSION"),
]
for r in SPP_ROWS:
    row = [r[0], None, "DISIS-2023-001", "05 SOUTHWEST", r[1], r[2], "OG&E", r[3], r[4], None, None, r[5], r[6],
           r[6], "ER", r[7], r[8], "Some Substation 345 kV", r[9], None, r[10], None]
    ws.append(row)
    n = ws.max_row
    date_style(ws, [f"H{n}", f"I{n}", f"S{n}"])
save(wb, "spp_active_request.xlsx")

# ---- ERCOT: Contents sheet with the period; Large Gen sheet with notes over the header
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Contents"
for _ in range(6):
    ws.append([None])
ws.append(["GIM Activity:  Dec 01, 2024 to Dec 31, 2024"])
ws.append([None])
ws.append(["Table of Contents"])
ws = wb.create_sheet("Project Details - Large Gen")
ws.append([None])
ws.append(["GIM Project Details - Large Generators"])
ws.append([None])
ws.append(["NOTES:"])
ws.append(["Due to Protocol confidentiality provisions, only those projects for which a Full Interconnection "
           "Study has been requested are included."])
ws.append([None])
ws.append(["Project Attributes"] + [None] * 10 + ["    Changes from Last Report", "GIM Project Milestone Dates"])
ERCOT_HDR = ["INR", "Project Name", "GIM Study Phase", "Interconnecting Entity", "POI Location", "County",
             "CDR Reporting Zone", "Projected COD", "Fuel", "Technology", "Capacity (MW)", None, None,
             "Screening Study Started", "Screening Study Complete", "FIS Requested"]
ws.append(ERCOT_HDR)
ws.append([None] * 11 + ["Change indicators: Proj Name, MW", "Approval Date for"])
ws.append([None] * 11 + ["Size, COD, SFS/NtP, FIS Request,", "Submission of Proof of "])
ERCOT_ROWS = [
    ("21INR0001", "Pecos Sun", "SS Completed, FIS Completed, IA", "Pecos Sun LLC", "Bakersfield 345kV",
     "Pecos", "WEST", D(2025, 6, 30), "SOL", "PV", 250.2),
    ("22INR0002", "Harris Battery", "SS Completed, FIS Started, No IA", "Harris BESS LLC", "Tidal 138kV",
     "Harris", "HOUSTON", D(2026, 1, 1), "OTH", "BA", 100.1),
    ("23INR0003", "Llano Wind", "SS Started, FIS Started, No IA", "Llano Wind LLC", "Llano 345kV",
     "Llano", "SOUTH", D(1900, 1, 1), "WIN", "WT", 200),
    ("24INR0004", "Yoakum Peaker", "SS Completed, FIS Started, No IA", "Golden Spread", "Clearfork 345kV",
     "Yoakum", "WEST", D(2029, 5, 31), "GAS", "GT", 504),
]
for r in ERCOT_ROWS:
    ws.append(list(r) + [None, None, D(2024, 1, 2)])
    n = ws.max_row
    date_style(ws, [f"H{n}", f"N{n}"])
ws.append([None])
save(wb, "ercot_gis_report.xlsx")

# ---- CAISO: three sheets, run date in row 1, title row 2, group titles row 3, names row 4, legend after
CAISO_HDR = ["Project Name", "Queue Position", "Interconnection Request\nReceive Date", "Queue Date",
             "Application Status", "Study\nProcess", "Type-1", "Type-2", "Type-3", "Fuel-1", "Fuel-2", "Fuel-3",
             "MW-1", "MW-2", "MW-3", "Net MWs to Grid", "Full Capacity, Partial or Energy Only (FC/P/EO)",
             "TPD Allocation Percentage", "Off-Peak Deliverability and Economic Only", "TPD Allocation Group",
             "County", "State", "Utility", "PTO Study Region", "Station or Transmission Line",
             "Proposed\nOn-line Date\n(as filed with IR)", "Current\nOn-line Date", "Suspension Status"]


def caiso_sheet(ws, what, rows, date_col_name="Current\nOn-line Date"):
    hdr = list(CAISO_HDR)
    hdr[hdr.index("Current\nOn-line Date")] = date_col_name
    ws.append([None] * 26 + ["Report Run Date: 01/23/2025"])
    ws.append([None] * 5 + [f"The California ISO Controlled Grid Generation Queue for All: {what}"])
    ws.append([None] * 6 + ["Generating Facility"] + [None] * 5 + ["MWs"] + [None] * 7 + ["Location"])
    ws.append(hdr)
    for r in rows:
        ws.append(r)
        n = ws.max_row
        date_style(ws, [f"C{n}", f"D{n}", f"Z{n}", f"AA{n}"])
    ws.append([None])
    ws.append([None, None, "Legend:", "\u25cf Study Process Key:  Active=project is in study"])


def crow(name, q, status, t1, f1, f2, net, county, poi, prop, cur, susp=None):
    return [name, q, D(2021, 4, 15), D(2021, 4, 15, 7), status, "C14", t1, None, None, f1, f2, None, net, None,
            None, net, "Full Capacity", None, None, None, county, "CA", "SDGE", "SDGE", poi, prop, cur, susp]


wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Grid GenerationQueue"
caiso_sheet(ws, "Active", [
    crow("PAJARO VALLEY STORAGE", 2192, "ACTIVE", "Storage", "Battery", None, 100, "SAN DIEGO",
         "Salt Creek Substation 69 kV", D(2024, 9, 1, 7), D(2030, 3, 5, 8)),
    crow("DESERT SUN HYBRID", 2301, "ACTIVE", "Photovoltaic", "Solar", "Battery", 200.75, "RIVERSIDE",
         "Red Bluff 500 kV", D(2025, 1, 1), D(2027, 6, 1)),
    crow("SLEEPY WIND", 2302, "ACTIVE", "Wind Turbine", "Wind Turbine", None, 49.9, "KERN", "Windhub 230 kV",
         D(2025, 1, 1), D(2026, 1, 1), "Suspended"),
])
ws = wb.create_sheet("Completed Generation Projects")
caiso_sheet(ws, "Completed", [
    crow("OTAY MESA GENERATING PROJECT", "1A", "COMPLETED", "Combined Cycle", "Natural Gas", None, 550,
         "SAN DIEGO", "Otay Mesa Switchyard 230 kV", D(2002, 3, 1, 8), D(2009, 10, 2, 7)),
], "Actual\nOn-line Date")
ws = wb.create_sheet("Withdrawn Generation Projects")
caiso_sheet(ws, "Withdrawn", [
    crow("TUNGSTEN BESS", 2199, "WITHDRAWN", "Storage", "Battery", None, 120, "SAN BERNARDINO",
         "Victor Substation 230 kV", D(2026, 5, 1, 7), D(2026, 5, 1, 7)),
])
save(wb, "caiso_queue_report.xlsx")

# ---- NYISO: queue with footer and notes, " Cluster Projects", "In Service" with a two-row header
NY_HDR = ["Queue Pos.", "Developer/Interconnection Customer", "Project Name", "Date of IR", "SP (MW)", "WP (MW)",
          "Type/ Fuel", "County", "State", "Z", "Points of Interconnection", "Utility", "S", "Last Updated Date",
          "Availability of Studies", "IA Tender Date", "CY/FS Complete Date",
          "Proposed In-Service/Initial Backfeed Date", "Proposed Sync Date", "Proposed COD"]
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Interconnection Queue"
ws.append(NY_HDR)
for r in [
    ("0276", "Homer Solar Energy Center LLC", "Homer Solar Energy Center", D(2008, 1, 30), 90, 90, "S", "Cortland",
     "NY", "C", "Cortland - Fenner 115kV", "NM-NG", "11", "03-2026", "04-2026"),
    ("1723", "Olean Digital LLC", "Olean Digital Data Center", D(2024, 11, 7), 150, 150, "L", "Cattaraugus", "NY",
     "A", "Homer Hill - Olean 115kV", "NM-NG", "4", "06-2026", None),
    ("0429", "Orange & Rockland", "North Rockland Station", D(2014, 2, 12), "N/A", "N/A", "AC", "Steuben", "NY",
     "G", "Line Y88 345kV", "ConEd", "12", "06/2024", "N/A"),
    ("1500", "Sunrise Storage LLC", "Sunrise Storage", D(2023, 3, 3), 200, 200, "ES", "Kings", "NY", "J",
     "Gowanus 345kV", "ConEd", "0", "12/2026", "12/2026"),
]:
    ws.append([r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], None, None, None,
               None, r[13], None, r[14]])
    date_style(ws, [f"D{ws.max_row}"])
ws.append([None])
ws.append([None, "Number of new projects during December", None, 2])
ws.append([None, "Number of new projects year to date", None, 440])
ws.append([None])
ws.append(["NOTES:", "\u25cf The column labeled 'SP' refers to the maximum summer megawatt electrical output."])
ws.append([None, "DC, L=Load, FC=Fuel Cell,CW=CSR - ES + Wind, CR=CSR - ES + Solar"])
ws = wb.create_sheet(" Cluster Projects")
ws.append(["Queue Pos.", "Interconnection Customer Name", "Project Name", "Date of IR", "SP (MW)", "WP (MW)",
           "Type/ Fuel", "County", "State", "Z", "Points of Interconnection", "Utility",
           "Affected Transmission Owner (ATO)", "S", "Last Updated Date", "Availability of Studies",
           "IA Tender Date", "Proposed In-Service/Initial Backfeed Date", "Proposed Sync Date", "Proposed COD"])
ws.append(["C24-002", "Atlantic Shores Offshore Wind Bight LLC", "ATLANTIC SHORES OFFSHORE WIND PROJECT 4",
           D(2024, 8, 1), 1400, 1400, "OSW", "Kings", "NY", "J", "BROOKLYN CLEAN ENERGY HUB NORTH 345kV", "ConEd",
           None, "1C", D(2024, 11, 30), None, None, "01-2033", "07-2033", "12-2033"])
date_style(ws, ["D2", "O2"])
ws = wb.create_sheet("In Service")
ws.append(["Queue", None, None, "Date", "SP", "WP", "Type/", "Location", None, "Z", "Interconnection", None, None,
           "Last Update", "Availability", "Proposed", "Proposed"])
ws.append(["Pos.", "Owner/Developer", "Project Name", "of IR", "(MW)", "(MW)", "Fuel", "County", "State", None,
           "Point", "Utility ", "S", None, "of Studies", " In-Service", "COD"])
ws.append(["0002", "Athens Gen Co./ PG&E", "Athens Gen", D(1998, 4, 27), 1080, None, "NG", "Athens", "NY", "F",
           "Leeds-Pl.Val. 91 Line", "NM-NG", "14", D(2004, 5, 31), "SRIS", "I/S", "N/A"])
date_style(ws, ["D3", "N3"])
save(wb, "nyiso_queue.xlsx")
