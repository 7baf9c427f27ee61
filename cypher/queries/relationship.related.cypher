// For each id, the entities one hop away over one relationship type and direction
// ({{PATTERN}} is rendered from the fixed list in src/db/relationships.ts).
UNWIND $ids AS id
MATCH (s:Entity {id: id}){{PATTERN}}(t:Entity)
RETURN id, properties(t) AS props, labels(t) AS labels, properties(r) AS rel
ORDER BY id, t.sortName, t.id
