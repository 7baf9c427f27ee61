// A page of the entities with an open conflict (labelled :Conflicted by the loader and by
// curation), in id order after the cursor, with their claims.
MATCH (n:Conflicted)
WHERE n.id > $after
RETURN n.id AS id, labels(n) AS labels, n.claimsJson AS claimsJson
ORDER BY n.id
LIMIT $limit
