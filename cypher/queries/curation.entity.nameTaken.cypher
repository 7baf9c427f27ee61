// Another entity of the same label ({{LABEL}}, from the fixed list) that already bears one of
// the normalised names: one real thing must be one entity, as ingestion also checks.
MATCH (e:{{LABEL}})
WHERE e.id <> $id AND any(key IN $keys WHERE key IN e.nameKeys)
RETURN e.id AS id
LIMIT 1
