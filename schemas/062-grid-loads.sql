-- 062-grid-loads: whether an ISO's queue file carries load requests at all (issue 12, item 4).
-- A queue that lists no load is not evidence of no large loads: PJM's, MISO's, SPP's, CAISO's
-- queues and ERCOT's GIS report are generation interconnection queues, and large loads reach
-- those grids by other processes. So the report states, per ISO, what its file is, from this
-- table (a fact about the document each parser reads, checked by hand on the corpus files of
-- ../shared/corpus/power), and never reads a zero count as "no load requests".
--   parser    the gw-parse parser of the file
--   loads     1: the file lists load requests (request_kind 'load'); 0: it cannot
--   evidence  what in the file says so
CREATE TABLE grid_load_coverage (
	parser TEXT PRIMARY KEY,
	iso TEXT NOT NULL,
	loads INTEGER NOT NULL CHECK (loads IN (0, 1)),
	evidence TEXT NOT NULL
) STRICT;
INSERT INTO grid_load_coverage(parser, iso, loads, evidence) VALUES
	('nyiso-queue', 'NYISO', 1, 'NYISO''s interconnection queue lists loads beside generation: Type/Fuel '
	 || 'L (load) on its queue, withdrawn and in-service sheets'),
	('pjm-queue', 'PJM', 0, 'a generation interconnection queue: Project Type is "Generation '
	 || 'Interconnection" on every row of sheet Data (its Definitions-Mapping sheet knows GI, TI, LTFT, UR)'),
	('miso-queue', 'MISO', 0, 'the generator interconnection (GI) queue: every request is for '
	 || 'interconnection service (NRIS, ERIS, SIS) of a generating facility or storage'),
	('spp-queue', 'SPP', 0, 'generation interconnection requests only (Generation Interconnection Number, '
	 || 'Generation Type)'),
	('ercot-gis', 'ERCOT', 0, 'the Generator Interconnection Status report: its project sheets are '
	 || 'Large Gen and Small Gen only'),
	('caiso-queue', 'CAISO', 0, 'the generation queue report: sheets Grid GenerationQueue, Completed '
	 || 'Generation Projects, Withdrawn Generation Projects');

-- v_grid_load_coverage, the table per ISO and current queue document, is defined in
-- schemas/views.sql alone, as it is now (092).
