// A page of the entities with an open conflict (labelled :Conflicted by the loader and by
// curation) or a relationship from them with one (a LinkConflict), in id order after the
// cursor, with their claims and those relationships' claims.
CALL () {
  MATCH (n:Conflicted) WHERE n.id > $after RETURN n.id AS id
  UNION
  MATCH (m:LinkConflict) WHERE m.from > $after RETURN m.from AS id
}
WITH id ORDER BY id LIMIT $limit
MATCH (n:Entity {id: id})
RETURN n.id AS id, labels(n) AS labels, n.claimsJson AS claimsJson,
  COLLECT {
    MATCH (m:LinkConflict {from: id})
    MATCH (n)-[r]->(:Entity {id: m.to}) WHERE type(r) = m.type
    RETURN {type: m.type, to: m.to, claimsJson: r.claimsJson} AS link ORDER BY m.type, m.to
  } AS links
ORDER BY id
