// The stored claims of the given entities, read inside a load or a change before they are merged.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, n.claimsJson AS claimsJson, labels(n) AS labels, n.name AS name
