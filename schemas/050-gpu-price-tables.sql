-- 050-gpu-price-tables: the reference tables of GPU rental prices (issue 6).
-- This file is the one source of truth for SKU classes, SKU aliases, providers and
-- instance types: the store applies it as a migration, and the price parsers
-- (parsers/sources/prices/price_ref.c) run the same SQL, compiled in, into a private in-memory
-- database, so gw-parse canonicalises without a store and both always agree.
-- Aliases are stored normalised: lower case, every run of characters other than
-- letters and digits to one space, trimmed ("H100_80GB SXM5" -> "h100 80gb sxm5").

CREATE TABLE sku_classes (
	sku TEXT PRIMARY KEY,		-- canonical: h100-sxm, h200, b200...
	vendor TEXT NOT NULL,
	name TEXT NOT NULL
) STRICT;

INSERT INTO sku_classes(sku, vendor, name) VALUES
	('h100-sxm', 'NVIDIA', 'H100 SXM5 80GB'),
	('h100-pcie', 'NVIDIA', 'H100 PCIe 80GB'),
	('h100-nvl', 'NVIDIA', 'H100 NVL 94GB'),
	('h200', 'NVIDIA', 'H200 141GB'),
	('b200', 'NVIDIA', 'B200 180GB'),
	('gb200', 'NVIDIA', 'GB200 (Grace Blackwell superchip GPU)'),
	('a100-40g', 'NVIDIA', 'A100 40GB'),
	('a100-80g', 'NVIDIA', 'A100 80GB'),
	('l40s', 'NVIDIA', 'L40S 48GB'),
	('mi300x', 'AMD', 'Instinct MI300X 192GB'),
	('mi325x', 'AMD', 'Instinct MI325X 256GB');

CREATE TABLE sku_aliases (
	alias TEXT PRIMARY KEY,		-- normalised as above
	sku TEXT NOT NULL REFERENCES sku_classes(sku)
) STRICT;

INSERT INTO sku_aliases(alias, sku) VALUES
	-- H100 SXM (the 80GB HBM3 part; "H100" alone in an 8-GPU HGX server is the SXM part)
	('h100 80gb hbm3', 'h100-sxm'), ('h100 80gb sxm5', 'h100-sxm'), ('nvidia h100 sxm', 'h100-sxm'),
	('h100 sxm', 'h100-sxm'), ('h100 sxm5', 'h100-sxm'), ('h100 sxm5 80gb', 'h100-sxm'),
	('h100 80gb sxm', 'h100-sxm'), ('nvidia h100 80gb hbm3', 'h100-sxm'), ('h100sxm', 'h100-sxm'),
	('nvidia h100 sxm5 80gb', 'h100-sxm'), ('hgx h100', 'h100-sxm'), ('h100 sxm 80gb', 'h100-sxm'),
	('p5 48xlarge', 'h100-sxm'),
	-- H100 PCIe and NVL
	('h100 pcie', 'h100-pcie'), ('h100 80gb pcie', 'h100-pcie'), ('nvidia h100 pcie', 'h100-pcie'),
	('h100 pcie 80gb', 'h100-pcie'), ('nvidia h100 80gb pcie', 'h100-pcie'), ('h100pcie', 'h100-pcie'),
	('h100 nvl', 'h100-nvl'), ('nvidia h100 nvl', 'h100-nvl'), ('h100 nvl 94gb', 'h100-nvl'),
	('h100 94gb nvl', 'h100-nvl'),
	-- H200
	('h200', 'h200'), ('h200 141gb', 'h200'), ('nvidia h200', 'h200'), ('h200 sxm', 'h200'),
	('nvidia h200 141gb', 'h200'), ('h200 141gb hbm3e', 'h200'), ('h200 sxm 141gb', 'h200'),
	('p5e 48xlarge', 'h200'), ('p5en 48xlarge', 'h200'),
	-- B200, GB200
	('b200', 'b200'), ('b200 180gb', 'b200'), ('nvidia b200', 'b200'), ('hgx b200', 'b200'),
	('b200 192gb', 'b200'), ('b200 sxm6', 'b200'), ('b200 sxm', 'b200'), ('nvidia b200 180gb', 'b200'), ('p6 b200 48xlarge', 'b200'),
	('gb200', 'gb200'), ('nvidia gb200', 'gb200'), ('gb200 nvl72', 'gb200'), ('nvidia gb200 nvl72', 'gb200'),
	-- A100
	('a100 40gb', 'a100-40g'), ('a100 sxm4 40gb', 'a100-40g'), ('nvidia a100 40gb', 'a100-40g'),
	('a100 pcie 40gb', 'a100-40g'), ('a100 40gb pcie', 'a100-40g'), ('p4d 24xlarge', 'a100-40g'),
	('a100 80gb', 'a100-80g'), ('a100 sxm4 80gb', 'a100-80g'), ('nvidia a100 80gb', 'a100-80g'),
	('a100 80gb sxm4', 'a100-80g'), ('a100 80gb pcie', 'a100-80g'), ('a100 pcie 80gb', 'a100-80g'),
	('a100 sxm 80gb', 'a100-80g'), ('p4de 24xlarge', 'a100-80g'),
	-- L40S
	('l40s', 'l40s'), ('nvidia l40s', 'l40s'), ('l40s 48gb', 'l40s'), ('nvidia l40s 48gb', 'l40s'),
	-- AMD
	('mi300x', 'mi300x'), ('amd mi300x', 'mi300x'), ('instinct mi300x', 'mi300x'),
	('amd instinct mi300x', 'mi300x'), ('mi300x 192gb', 'mi300x'),
	('mi325x', 'mi325x'), ('amd mi325x', 'mi325x'), ('instinct mi325x', 'mi325x'),
	('amd instinct mi325x', 'mi325x'), ('mi325x 256gb', 'mi325x');

-- Providers: canonical id, display name, tier (docs/models.md 6: never pool tiers).
CREATE TABLE gpu_providers (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	tier TEXT NOT NULL CHECK (tier IN ('hyperscaler', 'neocloud', 'marketplace'))
) STRICT;

INSERT INTO gpu_providers(id, name, tier) VALUES
	('aws', 'Amazon Web Services', 'hyperscaler'), ('azure', 'Microsoft Azure', 'hyperscaler'),
	('gcp', 'Google Cloud', 'hyperscaler'), ('oci', 'Oracle Cloud Infrastructure', 'hyperscaler'),
	('coreweave', 'CoreWeave', 'neocloud'), ('lambda', 'Lambda', 'neocloud'),
	('nebius', 'Nebius', 'neocloud'), ('crusoe', 'Crusoe', 'neocloud'),
	('hyperstack', 'Hyperstack', 'neocloud'), ('vultr', 'Vultr', 'neocloud'),
	('runpod', 'RunPod', 'neocloud'), ('together', 'Together AI', 'neocloud'),
	('voltage-park', 'Voltage Park', 'neocloud'), ('fluidstack', 'Fluidstack', 'neocloud'),
	('paperspace', 'Paperspace (DigitalOcean)', 'neocloud'), ('scaleway', 'Scaleway', 'neocloud'),
	('datacrunch', 'DataCrunch', 'neocloud'),
	('vast', 'Vast.ai', 'marketplace'), ('tensordock', 'TensorDock', 'marketplace'),
	('primeintellect', 'Prime Intellect', 'marketplace'), ('sfcompute', 'SF Compute', 'marketplace');

CREATE TABLE gpu_provider_aliases (
	alias TEXT PRIMARY KEY,		-- normalised as above
	provider TEXT NOT NULL REFERENCES gpu_providers(id)
) STRICT;

INSERT INTO gpu_provider_aliases(alias, provider) VALUES
	('aws', 'aws'), ('amazon', 'aws'), ('amazon web services', 'aws'), ('amazon ec2', 'aws'), ('ec2', 'aws'),
	('azure', 'azure'), ('microsoft azure', 'azure'), ('gcp', 'gcp'), ('google cloud', 'gcp'),
	('google cloud platform', 'gcp'), ('oci', 'oci'), ('oracle cloud', 'oci'),
	('oracle cloud infrastructure', 'oci'), ('coreweave', 'coreweave'), ('lambda', 'lambda'),
	('lambdalabs', 'lambda'), ('lambda labs', 'lambda'), ('lambda cloud', 'lambda'), ('nebius', 'nebius'),
	('nebius ai cloud', 'nebius'), ('crusoe', 'crusoe'), ('crusoe cloud', 'crusoe'),
	('hyperstack', 'hyperstack'), ('vultr', 'vultr'), ('runpod', 'runpod'), ('together', 'together'),
	('together ai', 'together'), ('voltage park', 'voltage-park'), ('fluidstack', 'fluidstack'),
	('paperspace', 'paperspace'), ('scaleway', 'scaleway'), ('datacrunch', 'datacrunch'),
	('vast', 'vast'), ('vast ai', 'vast'), ('vastai', 'vast'), ('tensordock', 'tensordock'),
	('prime intellect', 'primeintellect'), ('primeintellect', 'primeintellect'),
	('sf compute', 'sfcompute'), ('sfcompute', 'sfcompute');

-- Instance types whose GPU count and SKU are fixed by the provider: a per-instance
-- price is normalised to USD per GPU-hour only through this table (or a GPU count
-- the document states); an instance not here is a reject, never a guess.
CREATE TABLE gpu_instances (
	instance TEXT PRIMARY KEY,	-- normalised as above
	provider TEXT NOT NULL REFERENCES gpu_providers(id),
	sku TEXT NOT NULL REFERENCES sku_classes(sku),
	gpus INTEGER NOT NULL
) STRICT;

INSERT INTO gpu_instances(instance, provider, sku, gpus) VALUES
	('p5 48xlarge', 'aws', 'h100-sxm', 8), ('p5 4xlarge', 'aws', 'h100-sxm', 1),
	('p5e 48xlarge', 'aws', 'h200', 8),
	('p5en 48xlarge', 'aws', 'h200', 8), ('p4d 24xlarge', 'aws', 'a100-40g', 8),
	('p4de 24xlarge', 'aws', 'a100-80g', 8), ('p6 b200 48xlarge', 'aws', 'b200', 8),
	('standard nd96isr h100 v5', 'azure', 'h100-sxm', 8), ('nd96isr h100 v5', 'azure', 'h100-sxm', 8),
	('standard nd96isr h200 v5', 'azure', 'h200', 8), ('standard nd96asr v4', 'azure', 'a100-40g', 8),
	('standard nd96amsr a100 v4', 'azure', 'a100-80g', 8), ('standard nd96isr mi300x v5', 'azure', 'mi300x', 8),
	('a3 highgpu 8g', 'gcp', 'h100-sxm', 8), ('a3 megagpu 8g', 'gcp', 'h100-sxm', 8),
	('a3 ultragpu 8g', 'gcp', 'h200', 8), ('a2 highgpu 8g', 'gcp', 'a100-40g', 8),
	('a2 ultragpu 8g', 'gcp', 'a100-80g', 8), ('a4 highgpu 8g', 'gcp', 'b200', 8),
	('bm gpu h100 8', 'oci', 'h100-sxm', 8), ('bm gpu h200 8', 'oci', 'h200', 8),
	('bm gpu mi300x 8', 'oci', 'mi300x', 8), ('bm gpu4 8', 'oci', 'a100-40g', 8);
