// Everything a new entity of label {{LABEL}} (from the fixed list) must not run into, in one
// round trip of its write transaction: the cited source must exist; no entity, and no merged
// entity's redirect, may hold the id; no other entity of the label may bear one of its names.
// The names are found through the keyword full-text index of name keys ($phrases: each key as
// a Lucene phrase, joined by OR), not by reading every entity of the label.
OPTIONAL MATCH (s:Source {id: $document})
OPTIONAL MATCH (existing:Entity {id: $id})
OPTIONAL MATCH (redirect:Redirect {from: $id})
CALL () {
  CALL db.index.fulltext.queryNodes('entity_name_keys', $phrases) YIELD node AS e
  WITH e WHERE e:{{LABEL}} AND e.id <> $id AND any(key IN $keys WHERE key IN e.nameKeys)
  RETURN e.id AS taken
  ORDER BY taken
  LIMIT 1
  UNION
  RETURN null AS taken
}
WITH s, existing, redirect, collect(taken) AS taken
RETURN s IS NOT NULL AS sourceExists, existing IS NOT NULL AS idTaken, redirect.to AS redirectedTo, head([t IN taken WHERE t IS NOT NULL]) AS nameTakenBy
