-- 041-aliases: more operator aliases for names of the corpus whose own words name the
-- operator: owner LLCs of the VA registry named after their operator and campus ("QTS DULLES
-- LLC", "VANTAGE DATA CENTERS VA11 LLC", "STACK BROAD RUN HOLDINGS LLC"), owners "c/o" their
-- operator ("... C/O IRON MOUNTAIN GLOBAL REAL ESTATE"), and Epoch's "Google DeepMind" (an
-- Alphabet unit) and "Stargate (OpenAI)". Names of several owners ("Microsoft,OpenAI") stay
-- unresolved: no one operator can be told.
INSERT OR IGNORE INTO operator_aliases(alias, operator) VALUES
	('aligned energy', 'aligned'),
	('aligned energy data centers ashburn', 'aligned'),
	('aligned energy data centers iad propco', 'aligned'),
	('aligned energy data centers ashburn propco', 'aligned'),
	('compass datacenters iad i', 'compass'),
	('qts dulles', 'qts'),
	('qts lockridge dc2', 'qts'),
	('stack broad run', 'stack'),
	('vantage data centers va11', 'vantage'),
	('vantage data centers va13', 'vantage'),
	('vantage data centers va16', 'vantage'),
	('kh data capital building 4 llc c o iron mountain global real estate', 'iron-mountain'),
	('kh data capital development land llc c o iron mountain global real estate', 'iron-mountain'),
	('google deepmind', 'alphabet'),
	('deepmind', 'alphabet'),
	('stargate openai', 'stargate');
