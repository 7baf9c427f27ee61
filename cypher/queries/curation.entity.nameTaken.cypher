// Another entity of the same label ({{LABEL}}, from the fixed list) that already bears one of
// the normalised names: one real thing must be one entity, as ingestion also checks. Found
// through the keyword full-text index of name keys ($phrases: each key as a Lucene phrase,
// joined by OR), not by reading every entity of the label.
CALL db.index.fulltext.queryNodes('entity_name_keys', $phrases) YIELD node AS e
WITH e WHERE e:{{LABEL}} AND e.id <> $id AND any(key IN $keys WHERE key IN e.nameKeys)
RETURN e.id AS id
ORDER BY id
LIMIT 1
