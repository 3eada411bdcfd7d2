-- 040-sites: what the datacenter, permit and fab sources need (issue 5, sites):
--   optional fields site.status, site.status_raw, fab.address (schemas/records.md);
--   site resolution (store/sites.c): the sites entity, the names each is known by, an
--   R*Tree of their coordinates, and site_id on site, capacity and permit observations;
--   operator aliases for the names the corpus uses;
--   v_unresolved with the sites no site record describes; v_changes in full (views are
--   defined in schemas/views.sql alone, as they are now: 092).

ALTER TABLE obs_site ADD COLUMN status TEXT;
ALTER TABLE obs_site ADD COLUMN status_raw TEXT;
ALTER TABLE obs_fab ADD COLUMN address TEXT;
ALTER TABLE obs_site ADD COLUMN site_id INTEGER;
ALTER TABLE obs_capacity ADD COLUMN site_id INTEGER;
ALTER TABLE obs_permit ADD COLUMN site_id INTEGER;
CREATE INDEX obs_site_site ON obs_site(site_id);
CREATE INDEX obs_capacity_site ON obs_capacity(site_id);
CREATE INDEX obs_permit_site ON obs_permit(site_id);
CREATE INDEX obs_permit_doc ON obs_permit(doc);
CREATE INDEX obs_fab_doc ON obs_fab(doc);

-- A campus as resolved across documents. origin: 'site' once a site record describes it,
-- else the kind that founded it ('capacity', 'permit'): those are for review.
CREATE TABLE sites (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,		-- the name it was first seen under
	state TEXT,
	operator_id TEXT,
	lat REAL,
	lon REAL,
	origin TEXT NOT NULL,
	first_kind TEXT NOT NULL
) STRICT;

-- Every normalised name a site has been seen under, by state ('' when the record gave none).
CREATE TABLE site_names (
	norm TEXT NOT NULL,
	state TEXT NOT NULL,
	site_id INTEGER NOT NULL REFERENCES sites(id),
	PRIMARY KEY (norm, state, site_id)
) STRICT;

-- Points (min = max) in degrees; a query box around a point finds the candidates.
CREATE VIRTUAL TABLE sites_geo USING rtree(id, min_lat, max_lat, min_lon, max_lon);

INSERT OR IGNORE INTO operators(id, name) VALUES
	('ntt', 'NTT Global Data Centers'),
	('cloudhq', 'CloudHQ'),
	('iron-mountain', 'Iron Mountain'),
	('sabey', 'Sabey Data Centers'),
	('compass', 'Compass Datacenters'),
	('prologis', 'Prologis'),
	('centersquare', 'Centersquare'),
	('databank', 'DataBank'),
	('copt', 'COPT Defense Properties'),
	('coresite', 'CoreSite'),
	('yondr', 'Yondr'),
	('edgecore', 'EdgeCore'),
	('lumen', 'Lumen Technologies'),
	('h5', 'H5 Data Centers'),
	('powerhouse', 'PowerHouse Data Centers'),
	('g42', 'G42'),
	('softbank', 'SoftBank'),
	('fluidstack', 'Fluidstack'),
	('firmus', 'Firmus'),
	('nscale', 'Nscale'),
	('huawei', 'Huawei'),
	('vnet', 'VNET'),
	('dayone', 'DayOne'),
	('flexential', 'Flexential'),
	('infineon', 'Infineon'),
	('kioxia', 'Kioxia'),
	('stmicro', 'STMicroelectronics'),
	('bosch', 'Robert Bosch'),
	('sony', 'Sony'),
	('renesas', 'Renesas'),
	('nanya', 'Nanya Technology'),
	('winbond', 'Winbond'),
	('wolfspeed', 'Wolfspeed'),
	('skywater', 'SkyWater'),
	('tower', 'Tower Semiconductor'),
	('vis', 'Vanguard International Semiconductor'),
	('psmc', 'Powerchip (PSMC)'),
	('hua-hong', 'Hua Hong'),
	('cxmt', 'ChangXin Memory (CXMT)'),
	('ymtc', 'YMTC'),
	('nexchip', 'Nexchip'),
	('cansemi', 'CanSemi'),
	('rapidus', 'Rapidus'),
	('x-fab', 'X-FAB'),
	('adi', 'Analog Devices'),
	('polar', 'Polar Semiconductor'),
	('onsemi', 'onsemi'),
	('nxp', 'NXP');

-- Names as the corpus spells them (Epoch owners, OSM operator tags, the VA registry's operator column)
INSERT OR IGNORE INTO operator_aliases(alias, operator) VALUES
	('amazon aws', 'amazon'),
	('quality technology services', 'qts'),
	('ntt', 'ntt'),
	('ntt ragingwire', 'ntt'),
	('cloudhq', 'cloudhq'),
	('iron mountain', 'iron-mountain'),
	('sabey', 'sabey'),
	('sabey data centers', 'sabey'),
	('compass', 'compass'),
	('compass datacenters', 'compass'),
	('prologis', 'prologis'),
	('centersquare', 'centersquare'),
	('databank', 'databank'),
	('copt', 'copt'),
	('coresite', 'coresite'),
	('yondr', 'yondr'),
	('edgecore', 'edgecore'),
	('lumen', 'lumen'),
	('lumen technologies', 'lumen'),
	('h5 data centers', 'h5'),
	('powerhouse', 'powerhouse'),
	('powerhouse data centers', 'powerhouse'),
	('google cloud', 'alphabet'),
	('meta ai', 'meta'),
	('microsoft', 'microsoft'),
	('microsoft', 'microsoft'),
	('stack infrastructure', 'stack'),
	('stack', 'stack'),
	('g42', 'g42'),
	('softbank', 'softbank'),
	('fluidstack', 'fluidstack'),
	('firmus', 'firmus'),
	('nscale', 'nscale'),
	('huawei', 'huawei'),
	('vnet', 'vnet'),
	('dayone', 'dayone'),
	('flexential', 'flexential'),
	('nebius ai', 'nebius'),
	('amazon data services', 'amazon');

-- Owners of record in the VA registry (operator_raw) that the registry itself matches to the
-- operator (operator_confidence 'matched', or OSM's operator tag agreeing): the owner is the
-- operator's own entity (its name says so), not a landlord. Landlord LLCs whose tenant OSM
-- names (e.g. DCT DULLES DOWNS LLC, tenant Amazon Web Services) are NOT aliased: they own,
-- they do not operate.
INSERT OR IGNORE INTO operator_aliases(alias, operator) VALUES
	('ntt global data centers va', 'ntt'),
	('ntt global data centers americas', 'ntt'),
	('ragingwire data centers', 'ntt'),
	('iron mountain data centers', 'iron-mountain'),
	('digital loudoun 3', 'digital-realty'),
	('digital loudoun iv', 'digital-realty'),
	('digital loudoun pkwy ctr north', 'digital-realty'),
	('digital devin shafron b', 'digital-realty'),
	('digital devin shafron d', 'digital-realty'),
	('intergate ashburn i', 'sabey'),
	('aligned energy data centers', 'aligned'),
	('aligned data centers relo propco', 'aligned'),
	('qts shellhorn', 'qts'),
	('qts investment properties ashburn', 'qts'),
	('qts manassas i dc3', 'qts'),
	('vantage data centers va2', 'vantage'),
	('yondr jk 2', 'yondr'),
	('equinix rp ii', 'equinix'),
	('bcore copt dc 15', 'copt'),
	('bcore copt dc 21', 'copt');

-- Fab operators as the three fab lists spell them; subsidiaries and majority-owned joint
-- ventures map to the parent the list itself names ("subsidiary of TSMC", "TSMC 70%",
-- "NXP 61.2%", "wholly-owned UMC subsidiary").
INSERT OR IGNORE INTO operator_aliases(alias, operator) VALUES
	('taiwan semiconductor manufacturing company limited tsmc', 'tsmc'),
	('tsmc arizona corporation subsidiary of tsmc', 'tsmc'),
	('tsmc nanjing company limited subsidiary of tsmc', 'tsmc'),
	('european semiconductor manufacturing company esmc gmbh — jv tsmc 70 robert bosch gmbh infineon technologies ag nxp semiconductors n v 10 each', 'tsmc'),
	('japan advanced semiconductor manufacturing inc jasm tsmc majority jv with sony semiconductor solutions denso and toyota', 'tsmc'),
	('united microelectronics corporation umc', 'umc'),
	('united semiconductor xiamen co ltd — wholly owned umc subsidiary since umc s july 2023 buyout of the jv partners', 'umc'),
	('united semiconductor japan co ltd usjc a umc subsidiary — formerly mie fujitsu semiconductor fujitsu semiconductor mie plant', 'umc'),
	('intel corporation intel ireland fab 34 held in a joint venture with apollo intel retains operational control', 'intel'),
	('intel corporation intel israel', 'intel'),
	('micron technology micron memory japan k k — formerly elpida memory', 'micron'),
	('micron technology micron memory taiwan co ltd — formerly rexchip electronics', 'micron'),
	('micron technology micron semiconductor asia pte', 'micron'),
	('globalfoundries dresden module one llc co kg', 'globalfoundries'),
	('globalfoundries singapore pte', 'globalfoundries'),
	('globalfoundries u s', 'globalfoundries'),
	('samsung austin semiconductor llc samsung electronics', 'samsung'),
	('samsung electronics samsung china semiconductor', 'samsung'),
	('smic — semiconductor manufacturing international beijing', 'smic'),
	('smic — semiconductor manufacturing international shanghai smic south 中芯南方集成电路制造', 'smic'),
	('smic — semiconductor manufacturing international shenzhen', 'smic'),
	('smic — semiconductor manufacturing international tianjin', 'smic'),
	('infineon', 'infineon'),
	('infineon technologies', 'infineon'),
	('infineon technologies kulim sdn bhd', 'infineon'),
	('infineon technologies austria', 'infineon'),
	('kioxia corporation nand output shared with sandisk under the long standing yokkaichi jv', 'kioxia'),
	('kioxia iwate corporation kioxia group output shared with sandisk', 'kioxia'),
	('stmicroelectronics', 'stmicro'),
	('stmicroelectronics crolles 2 sas — siren 399395581', 'stmicro'),
	('robert bosch', 'bosch'),
	('robert bosch semiconductor manufacturing dresden', 'bosch'),
	('sony semiconductor manufacturing corporation sony semiconductor solutions', 'sony'),
	('renesas electronics renesas semiconductor manufacturing', 'renesas'),
	('nanya technology', 'nanya'),
	('winbond electronics', 'winbond'),
	('wolfspeed', 'wolfspeed'),
	('skywater technology inc — wholly owned subsidiary of ionq since 31 july 2026', 'skywater'),
	('tower semiconductor', 'tower'),
	('vanguard international semiconductor corporation vis', 'vis'),
	('visionpower semiconductor manufacturing company pte ltd vsmc — vanguard international semiconductor nxp joint venture', 'vis'),
	('systems on silicon manufacturing company pte ltd — joint venture nxp semiconductors 61 2 tsmc 38 8', 'nxp'),
	('powerchip semiconductor manufacturing corporation psmc', 'psmc'),
	('hua hong semiconductor wuxi co ltd — hua hong group hua hong semiconductor', 'hua-hong'),
	('changxin memory technologies 长鑫存储技术有限公司', 'cxmt'),
	('yangtze memory technologies co ltd 长江存储科技有限责任公司', 'ymtc'),
	('nexchip semiconductor corporation 合肥晶合集成电路股份有限公司', 'nexchip'),
	('cansemi technology inc 粤芯半导体技术股份有限公司', 'cansemi'),
	('rapidus', 'rapidus'),
	('x fab france sas x fab silicon foundries se', 'x-fab'),
	('analog devices inc acquired with maxim integrated 2021', 'adi'),
	('polar semiconductor', 'polar'),
	('onsemi on semiconductor', 'onsemi'),
	('texas instruments', 'texas-instruments');

