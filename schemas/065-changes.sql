-- v_changes, read by the report on real data (issue 12):
-- * a change is dated when the newer document was published (documents.published, else the
--   day it was first seen), not by its record's as_of: a timeline's last row may be dated
--   years ahead, and a removal has no record of its own;
-- * capacity is matched by campus, not by the source's key: a list that renames "xAI Colossus
--   1 Memphis Tennessee" to "Colossus 1" between two snapshots changed the campus's figure,
--   it did not remove one campus and add another. Capacity observations with a site_id match
--   on (site_id, phase), projections ("by 2027-01-01" phases, whose dates move from one
--   snapshot to the next) on (site_id, 'projection') with the furthest one compared; those
--   without a site_id keep their key.
DROP VIEW IF EXISTS v_changes;
CREATE VIEW v_changes AS
WITH docs AS (
	SELECT d.sha256 AS doc, h.dataset AS grp, coalesce(d.source, 'parser:' || d.parser) AS src,
	       coalesce(d.published, substr(d.first_seen, 1, 10)) AS pub,
	       row_number() OVER (PARTITION BY h.dataset ORDER BY h.seq DESC) AS rk
	FROM doc_health h JOIN documents d ON d.sha256 = h.doc WHERE h.healthy = 1 OR h.accepted = 1
	UNION ALL
	SELECT sha256, coalesce(source, 'parser:' || parser), coalesce(source, 'parser:' || parser),
	       coalesce(published, substr(first_seen, 1, 10)),
	       row_number() OVER (PARTITION BY coalesce(source, 'parser:' || parser)
				  ORDER BY coalesce(published, substr(first_seen, 1, 10)) DESC,
				  first_seen DESC, rowid DESC)
	FROM documents WHERE coalesce(source, parser) IS NOT NULL
	AND sha256 NOT IN (SELECT doc FROM doc_health)
),
pair AS (
	SELECT n.src AS grp, n.doc AS new_doc, o.doc AS old_doc, n.pub AS new_pub
	FROM docs n JOIN docs o ON o.grp = n.grp AND o.rk = 2 WHERE n.rk = 1
),
pdocs AS (SELECT new_doc AS doc FROM pair UNION SELECT old_doc FROM pair),
obs AS (
	SELECT 'grid_request' AS kind, key, key AS mkey, doc, coalesce(project, queue_id) AS name, status, mw,
	       as_of, id
	FROM obs_grid_request WHERE doc IN pdocs
	UNION ALL
	SELECT 'capacity', key,
	       CASE WHEN site_id IS NULL THEN key
		    WHEN phase LIKE 'by %' THEN 'site:' || site_id || '|projection'
		    ELSE 'site:' || site_id || '|' || coalesce(lower(phase), '') END,
	       doc, site || CASE WHEN phase LIKE 'by %' THEN ' / projection'
				 ELSE coalesce(' / ' || phase, '') END, status, mw, as_of, id
	FROM obs_capacity WHERE doc IN pdocs
	UNION ALL
	SELECT 'permit', key, key, doc, coalesce(site, permit_id), status, mw, as_of, id
	FROM obs_permit WHERE doc IN pdocs
	UNION ALL
	SELECT 'fab', key, key, doc, name, status, mw, as_of, id
	FROM obs_fab WHERE doc IN pdocs
),
last AS (
	SELECT * FROM (SELECT o.*, row_number() OVER (PARTITION BY kind, doc, mkey
						      ORDER BY as_of DESC, id DESC) AS rn FROM obs o)
	WHERE rn = 1
),
o AS (SELECT p.grp, p.new_doc, p.old_doc, p.new_pub, l.* FROM pair p JOIN last l ON l.doc = p.old_doc),
n AS (SELECT p.grp, p.new_doc, p.old_doc, p.new_pub, l.* FROM pair p JOIN last l ON l.doc = p.new_doc)
SELECT n.grp AS source, n.kind, n.key, n.name, 'new' AS change, NULL AS old_value,
       trim(coalesce(n.status, '') || CASE WHEN n.mw IS NOT NULL THEN printf(' %.10g MW', n.mw) ELSE '' END) AS new_value,
       n.old_doc, n.new_doc, n.new_pub AS as_of
FROM n WHERE NOT EXISTS (SELECT 1 FROM o WHERE o.grp = n.grp AND o.kind = n.kind AND o.mkey = n.mkey)
UNION ALL
SELECT o.grp, o.kind, o.key, o.name, 'removed',
       trim(coalesce(o.status, '') || CASE WHEN o.mw IS NOT NULL THEN printf(' %.10g MW', o.mw) ELSE '' END), NULL,
       o.old_doc, o.new_doc, o.new_pub
FROM o WHERE NOT EXISTS (SELECT 1 FROM n WHERE n.grp = o.grp AND n.kind = o.kind AND n.mkey = o.mkey)
UNION ALL
SELECT n.grp, n.kind, n.key, n.name, 'status', o.status, n.status, n.old_doc, n.new_doc, n.new_pub
FROM n JOIN o ON o.grp = n.grp AND o.kind = n.kind AND o.mkey = n.mkey
WHERE o.status IS NOT n.status
UNION ALL
SELECT n.grp, n.kind, n.key, n.name, 'mw', printf('%.10g', o.mw), printf('%.10g', n.mw),
       n.old_doc, n.new_doc, n.new_pub
FROM n JOIN o ON o.grp = n.grp AND o.kind = n.kind AND o.mkey = n.mkey
WHERE (o.mw IS NULL) <> (n.mw IS NULL) OR abs(o.mw - n.mw) > 1e-9;
