// A fragment, not a query: one UNION ALL branch of relationship.relatedMany. For the keys of
// group {{GROUP}} (a number), the entities one hop away over {{PATTERN}} (a fixed relationship
// type and direction, binding the relationship to r).
MATCH (s:Entity {id: k.id}) WHERE k.g = {{GROUP}}
MATCH (s){{PATTERN}}(t:Entity)
RETURN {{ENTITY t}} AS props, labels(t) AS labels, properties(r) AS rel, t.sortName AS sortName, t.id AS tid
