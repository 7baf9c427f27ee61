// The relationships (of the types in $types) from or to one entity, with their claims, and the
// LinkClaims of relationships that exist no more: what a merge moves.
MATCH (a:Entity)-[r]->(b:Entity)
WHERE (a.id = $id OR b.id = $id) AND type(r) IN $types
RETURN a.id AS from, type(r) AS type, b.id AS to, r.claimsJson AS claimsJson, true AS present
UNION ALL
MATCH (t:LinkClaims)
WHERE t.from = $id OR t.to = $id
RETURN t.from AS from, t.type AS type, t.to AS to, t.claimsJson AS claimsJson, false AS present
