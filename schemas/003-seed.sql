-- 003-seed: operators with their aliases, and the accelerator table of docs/models.md section 3.
-- Aliases are stored normalised (see store/resolve.c: lower case, punctuation to spaces,
-- legal suffixes such as inc, llc, corp, ltd dropped).

INSERT INTO operators(id, name) VALUES
	('amazon', 'Amazon'), ('microsoft', 'Microsoft'), ('meta', 'Meta Platforms'),
	('alphabet', 'Alphabet (Google)'), ('oracle', 'Oracle'), ('apple', 'Apple'),
	('nvidia', 'NVIDIA'), ('xai', 'xAI'), ('openai', 'OpenAI'), ('anthropic', 'Anthropic'),
	('coreweave', 'CoreWeave'), ('crusoe', 'Crusoe'), ('lambda', 'Lambda'), ('nebius', 'Nebius'),
	('equinix', 'Equinix'), ('digital-realty', 'Digital Realty'), ('qts', 'QTS'),
	('cyrusone', 'CyrusOne'), ('vantage', 'Vantage Data Centers'), ('stack', 'STACK Infrastructure'),
	('aligned', 'Aligned Data Centers'), ('cologix', 'Cologix'), ('switch', 'Switch'),
	('alibaba', 'Alibaba'), ('tencent', 'Tencent'), ('bytedance', 'ByteDance'),
	('tsmc', 'TSMC'), ('intel', 'Intel'), ('samsung', 'Samsung'), ('micron', 'Micron'),
	('globalfoundries', 'GlobalFoundries'), ('umc', 'UMC'), ('smic', 'SMIC'),
	('texas-instruments', 'Texas Instruments'), ('sk-hynix', 'SK hynix'), ('netflix', 'Netflix'),
	('amd', 'AMD'), ('tesla', 'Tesla'), ('stargate', 'Stargate (OpenAI, Oracle, SoftBank)');

INSERT INTO operator_aliases(alias, operator) VALUES
	('amazon', 'amazon'), ('amazon com', 'amazon'), ('amazon web services', 'amazon'),
	('aws', 'amazon'), ('amazon data services', 'amazon'), ('vadata', 'amazon'),
	('amazon aws', 'amazon'),
	('microsoft', 'microsoft'), ('msft', 'microsoft'), ('microsoft azure', 'microsoft'),
	('meta', 'meta'), ('meta platforms', 'meta'), ('facebook', 'meta'),
	('meta platforms facebook', 'meta'),
	('google', 'alphabet'), ('alphabet', 'alphabet'), ('google cloud', 'alphabet'),
	('oracle', 'oracle'), ('oracle cloud', 'oracle'), ('apple', 'apple'),
	('nvidia', 'nvidia'), ('xai', 'xai'), ('x ai', 'xai'), ('spacexai', 'xai'),
	('openai', 'openai'), ('anthropic', 'anthropic'), ('coreweave', 'coreweave'),
	('crusoe', 'crusoe'), ('crusoe energy', 'crusoe'), ('lambda', 'lambda'), ('lambda labs', 'lambda'),
	('lambdalabs', 'lambda'), ('nebius', 'nebius'), ('equinix', 'equinix'),
	('digital realty', 'digital-realty'), ('digital realty trust', 'digital-realty'),
	('qts', 'qts'), ('qts realty trust', 'qts'), ('cyrusone', 'cyrusone'),
	('vantage', 'vantage'), ('vantage data centers', 'vantage'), ('stack infrastructure', 'stack'),
	('aligned', 'aligned'), ('aligned data centers', 'aligned'), ('cologix', 'cologix'),
	('switch', 'switch'), ('alibaba', 'alibaba'), ('alibaba cloud', 'alibaba'),
	('tencent', 'tencent'), ('bytedance', 'bytedance'),
	('tsmc', 'tsmc'), ('taiwan semiconductor manufacturing', 'tsmc'), ('wafertech', 'tsmc'),
	('intel', 'intel'), ('samsung', 'samsung'), ('samsung electronics', 'samsung'),
	('micron', 'micron'), ('micron technology', 'micron'), ('globalfoundries', 'globalfoundries'),
	('umc', 'umc'), ('united microelectronics', 'umc'), ('smic', 'smic'),
	('texas instruments', 'texas-instruments'), ('sk hynix', 'sk-hynix'), ('netflix', 'netflix'),
	('amd', 'amd'), ('advanced micro devices', 'amd'), ('tesla', 'tesla'), ('stargate', 'stargate');

-- docs/models.md section 3: Epoch AI chip_types (ai-chip-counts @10c28e48): TDP W, 8-bit OP/s, unit cost USD
CREATE TABLE accelerator_specs (
	sku TEXT PRIMARY KEY,
	tdp_w REAL NOT NULL,
	ops8 REAL NOT NULL,
	unit_cost_usd REAL NOT NULL,
	source TEXT NOT NULL
) STRICT;

INSERT INTO accelerator_specs(sku, tdp_w, ops8, unit_cost_usd, source) VALUES
	('A100', 400, 624e12, 12000, 'Epoch AI chip_types, ai-chip-counts @10c28e48'),
	('H100', 700, 1979e12, 25000, 'Epoch AI chip_types, ai-chip-counts @10c28e48'),
	('H200', 700, 1979e12, 25000, 'Epoch AI chip_types, ai-chip-counts @10c28e48'),
	('B200', 1200, 5000e12, 37000, 'Epoch AI chip_types, ai-chip-counts @10c28e48 (as in GB200)'),
	('B300', 1400, 5000e12, 43000, 'Epoch AI chip_types, ai-chip-counts @10c28e48 (as in GB300)'),
	('MI300X', 750, 2615e12, 12500, 'Epoch AI chip_types, ai-chip-counts @10c28e48'),
	('MI355X', 1400, 5033e12, 27500, 'Epoch AI chip_types, ai-chip-counts @10c28e48'),
	('TPU v5p', 540, 918e12, 6400, 'Epoch AI chip_types, ai-chip-counts @10c28e48'),
	('TPU v6e', 380, 1836e12, 4300, 'Epoch AI chip_types, ai-chip-counts @10c28e48'),
	('TPU v7', 960, 4614e12, 13000, 'Epoch AI chip_types, ai-chip-counts @10c28e48'),
	('Trainium2', 500, 1299e12, 4000, 'Epoch AI chip_types, ai-chip-counts @10c28e48');
