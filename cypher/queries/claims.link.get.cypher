// One {{TYPE}} relationship (fixed list) with its claims, or the kept claims of it when it exists no more.
OPTIONAL MATCH (:Entity {id: $from})-[r:{{TYPE}}]->(:Entity {id: $to})
OPTIONAL MATCH (t:LinkClaims {key: $key})
RETURN r IS NOT NULL AS present, t IS NOT NULL AS kept, coalesce(r.claimsJson, t.claimsJson) AS claimsJson, CASE WHEN r IS NULL THEN null ELSE properties(r) END AS props
