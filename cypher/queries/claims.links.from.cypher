// The relationships (of the types in $types, the fixed list) from the given entities, with their
// claims, and the claims of relationships that exist no more (LinkClaims), for a load to merge.
UNWIND $ids AS id
CALL (id) {
  MATCH (a:Entity {id: id})-[r]->(b:Entity)
  WHERE type(r) IN $types
  RETURN a.id AS from, type(r) AS type, b.id AS to, r.claimsJson AS claimsJson, true AS present
  UNION ALL
  MATCH (t:LinkClaims {from: id})
  RETURN t.from AS from, t.type AS type, t.to AS to, t.claimsJson AS claimsJson, false AS present
}
RETURN from, type, to, claimsJson, present
