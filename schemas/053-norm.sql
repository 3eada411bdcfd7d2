-- 053-norm: places and parties normalised (issue 10, item 6; store/norm.h says how).
--   country_code  ISO 3166-1 alpha-2 of the document's country ("United States of America",
--                 "USA" -> US; "Korea (Republic of)" -> KR); NULL where no table knows it
--   state_code    two-letter code of a US state, DC or territory ("Virginia", "Va." -> VA),
--                 set only where the country is the US or not given
--   partners      the other operators of a list the document names as the operator
--                 ("OpenAI,Microsoft" and "Microsoft,OpenAI": operator_id microsoft,
--                 partners openai): canonical ids, sorted, comma-separated
--   partners_unresolved  members of such a list that no alias resolves, as written
--   owner, tenant new optional fields of site and capacity (schemas/records.md): the owner of
--                 record or landlord, and the users or tenants, where the document tells
--                 them apart from the operator; owner_id and tenant_ids resolve them
-- The document's words stay in country, state, operator, owner and tenant. The rows stored
-- before this migration get their codes from gw-load (norm_pending asks it to, once).

ALTER TABLE obs_site ADD COLUMN country_code TEXT;
ALTER TABLE obs_site ADD COLUMN state_code TEXT;
ALTER TABLE obs_site ADD COLUMN partners TEXT;
ALTER TABLE obs_site ADD COLUMN partners_unresolved TEXT;
ALTER TABLE obs_site ADD COLUMN owner TEXT;
ALTER TABLE obs_site ADD COLUMN owner_id TEXT;
ALTER TABLE obs_site ADD COLUMN tenant TEXT;
ALTER TABLE obs_site ADD COLUMN tenant_ids TEXT;

ALTER TABLE obs_capacity ADD COLUMN country_code TEXT;
ALTER TABLE obs_capacity ADD COLUMN state_code TEXT;
ALTER TABLE obs_capacity ADD COLUMN partners TEXT;
ALTER TABLE obs_capacity ADD COLUMN partners_unresolved TEXT;
ALTER TABLE obs_capacity ADD COLUMN owner TEXT;
ALTER TABLE obs_capacity ADD COLUMN owner_id TEXT;
ALTER TABLE obs_capacity ADD COLUMN tenant TEXT;
ALTER TABLE obs_capacity ADD COLUMN tenant_ids TEXT;

ALTER TABLE obs_permit ADD COLUMN state_code TEXT;
ALTER TABLE obs_permit ADD COLUMN partners TEXT;
ALTER TABLE obs_permit ADD COLUMN partners_unresolved TEXT;

ALTER TABLE obs_fab ADD COLUMN country_code TEXT;
ALTER TABLE obs_fab ADD COLUMN state_code TEXT;
ALTER TABLE obs_fab ADD COLUMN partners TEXT;
ALTER TABLE obs_fab ADD COLUMN partners_unresolved TEXT;

ALTER TABLE obs_grid_request ADD COLUMN state_code TEXT;

-- gw-load back-fills the rows stored before this migration while this row is here
-- (store/norm.c norm_store_backfill), then deletes it.
CREATE TABLE norm_pending (what TEXT PRIMARY KEY) STRICT;
INSERT INTO norm_pending(what) VALUES ('backfill');

-- Operators of the corpus' operator lists (Epoch's GPU clusters: "Inflection AI,CoreWeave",
-- "G42,Cerebras Systems", "SK Telecom,Amazon").
INSERT OR IGNORE INTO operators(id, name) VALUES
	('inflection', 'Inflection AI'),
	('cerebras', 'Cerebras Systems'),
	('sk-telecom', 'SK Telecom');
INSERT OR IGNORE INTO operator_aliases(alias, operator) VALUES
	('inflection', 'inflection'),
	('inflection ai', 'inflection'),
	('cerebras', 'cerebras'),
	('cerebras systems', 'cerebras'),
	('sk telecom', 'sk-telecom'),
	('azure', 'microsoft');

-- Which operator of a list is the primary one (store/resolve.h resolve_operator_list): the
-- party that runs the facility. The lowest rank wins, ties by canonical id; an operator not
-- listed here ranks after all of these (99).
--   1 hyperscaler  builds and runs its own data centers for its own services and cloud
--   2 gpu_cloud    rents out GPU capacity it operates (neoclouds, sovereign AI clouds)
--   3 datacenter   data-center company or developer: landlord, colocation, wholesale campus
--   4 ai_lab       model developer, the user of the compute
--   5 other        chip and hardware makers, telecoms, anyone else named
-- So "OpenAI,Microsoft" -> microsoft (partner openai), "NVIDIA,CoreWeave,Inflection AI" ->
-- coreweave, "CoreWeave,Digital Realty" -> coreweave, "G42,Cerebras Systems" -> g42.
CREATE TABLE operator_priority (
	operator TEXT PRIMARY KEY REFERENCES operators(id),
	rank INTEGER NOT NULL,
	role TEXT NOT NULL
) STRICT;
INSERT INTO operator_priority(operator, rank, role) VALUES
	('amazon', 1, 'hyperscaler'), ('microsoft', 1, 'hyperscaler'), ('alphabet', 1, 'hyperscaler'),
	('meta', 1, 'hyperscaler'), ('oracle', 1, 'hyperscaler'), ('apple', 1, 'hyperscaler'),
	('alibaba', 1, 'hyperscaler'), ('tencent', 1, 'hyperscaler'), ('bytedance', 1, 'hyperscaler'),
	('huawei', 1, 'hyperscaler'), ('netflix', 1, 'hyperscaler'),
	('coreweave', 2, 'gpu_cloud'), ('crusoe', 2, 'gpu_cloud'), ('lambda', 2, 'gpu_cloud'),
	('nebius', 2, 'gpu_cloud'), ('fluidstack', 2, 'gpu_cloud'), ('nscale', 2, 'gpu_cloud'),
	('firmus', 2, 'gpu_cloud'), ('g42', 2, 'gpu_cloud'),
	('equinix', 3, 'datacenter'), ('digital-realty', 3, 'datacenter'), ('qts', 3, 'datacenter'),
	('cyrusone', 3, 'datacenter'), ('vantage', 3, 'datacenter'), ('stack', 3, 'datacenter'),
	('aligned', 3, 'datacenter'), ('cologix', 3, 'datacenter'), ('switch', 3, 'datacenter'),
	('ntt', 3, 'datacenter'), ('cloudhq', 3, 'datacenter'), ('iron-mountain', 3, 'datacenter'),
	('sabey', 3, 'datacenter'), ('compass', 3, 'datacenter'), ('prologis', 3, 'datacenter'),
	('centersquare', 3, 'datacenter'), ('databank', 3, 'datacenter'), ('copt', 3, 'datacenter'),
	('coresite', 3, 'datacenter'), ('yondr', 3, 'datacenter'), ('edgecore', 3, 'datacenter'),
	('lumen', 3, 'datacenter'), ('h5', 3, 'datacenter'), ('powerhouse', 3, 'datacenter'),
	('vnet', 3, 'datacenter'), ('dayone', 3, 'datacenter'), ('flexential', 3, 'datacenter'),
	('softbank', 3, 'datacenter'), ('stargate', 3, 'datacenter'),
	('openai', 4, 'ai_lab'), ('anthropic', 4, 'ai_lab'), ('xai', 4, 'ai_lab'),
	('inflection', 4, 'ai_lab'),
	('nvidia', 5, 'other'), ('amd', 5, 'other'), ('intel', 5, 'other'), ('cerebras', 5, 'other'),
	('tesla', 5, 'other'), ('sk-telecom', 5, 'other');

-- v_sites, v_capacity_current, v_grid_requests_current, v_permits_current, v_fabs_current and
-- v_unresolved gain the new columns at their end, so existing queries keep working (views
-- are defined in schemas/views.sql alone, as they are now: 092).
