// Adds (or adds evidence to) one {{TYPE}} relationship (from the fixed list in
// src/db/relationships.ts). Evidence is appended as a (document, excerpt) pair unless that
// pair is already there; $props sets the relationship's own properties (role, title, date).
MATCH (a:Entity {id: $from})
MATCH (b:Entity {id: $to})
OPTIONAL MATCH (a)-[old:{{TYPE}}]->(b)
WITH a, b, CASE WHEN old IS NULL THEN null ELSE properties(old) END AS before
MERGE (a)-[r:{{TYPE}}]->(b)
WITH r, before, coalesce(r.evidenceDocuments, []) AS documents, coalesce(r.evidenceExcerpts, []) AS excerpts
WITH r, before, documents, excerpts,
     any(i IN range(0, size(documents) - 1) WHERE documents[i] = $document AND excerpts[i] = $excerpt) AS known
SET r += $props
SET r.evidenceDocuments = CASE WHEN known THEN documents ELSE documents + $document END,
    r.evidenceExcerpts = CASE WHEN known THEN excerpts ELSE excerpts + $excerpt END
REMOVE r.contentHash
RETURN before, properties(r) AS after
