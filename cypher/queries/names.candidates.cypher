// The candidates of a name for the name resolver (domain/matching.ts scores them), of the
// labels in $labels, found only through indexes: by id ($id), by exact name keys through the
// name-key index ($phrases: the name, the country phrases it may designate a state by, the
// cores it may be a qualified name of), the organisations that may stand for a state named
// by the data set ($isoCodes) or by the graph's country names, and, when $fuzzy is a Lucene
// query, the best $fuzzyLimit hits of the names index. Each with what the matcher reads: its
// names, its country with that country's names, the bodies it is part of and its lineage.
// An id of an entity merged away ($id under a Redirect) finds the entity kept, which names the
// ids merged into it (redirectedFrom) so that the matcher can say the id was redirected.
CALL () {
  MATCH (n:Entity {id: $id}) RETURN n
  UNION
  MATCH (r:Redirect {from: $id})
  MATCH (n:Entity {id: r.to}) RETURN n
  UNION
  UNWIND $phrases AS phrase
  CALL db.index.fulltext.queryNodes('entity_name_keys', phrase.phrase) YIELD node
  WITH node, phrase WHERE phrase.key IN node.nameKeys
  RETURN node AS n
  UNION
  CALL () {
    MATCH (c:Country) WHERE c.isoCode IN $isoCodes RETURN c
    UNION
    UNWIND $phrases AS phrase
    CALL db.index.fulltext.queryNodes('entity_name_keys', phrase.phrase) YIELD node
    WITH node, phrase WHERE node:Country AND phrase.key IN node.nameKeys
    RETURN node AS c
  }
  WITH c
  CALL (c) {
    RETURN c AS n
    UNION
    // A state's organisation has no parent; the matcher checks that its name names the state.
    MATCH (c)<-[:IN_COUNTRY]-(o:Organisation)
    WHERE 'Organisation' IN $labels AND NOT EXISTS { (o)-[:PART_OF]->(:Organisation) }
    RETURN o AS n
  }
  RETURN n
  UNION
  // No fuzzy query, no call (a list of none rather than a filter, so the plan starts from rows).
  UNWIND CASE WHEN $fuzzy IS NULL THEN [] ELSE [$fuzzy] END AS query
  CALL db.index.fulltext.queryNodes('entity_names', query, {limit: $fuzzyLimit}) YIELD node
  RETURN node AS n
}
WITH DISTINCT n WHERE any(label IN labels(n) WHERE label IN $labels)
LIMIT $limit
RETURN {{ENTITY n}} AS props, labels(n) AS labels,
  CASE WHEN n:Country THEN {iso: n.isoCode, names: [n.name] + coalesce(n.aliases, [])}
    ELSE head(COLLECT { MATCH (n)-[:IN_COUNTRY]->(c:Country) RETURN {iso: c.isoCode, names: [c.name] + coalesce(c.aliases, [])} AS country ORDER BY c.isoCode })
  END AS country,
  COLLECT {
    MATCH path = (n)-[:PART_OF*1..6]->(a:Organisation)
    WITH a, min(length(path)) AS depth
    RETURN {id: a.id, names: [a.name] + coalesce(a.aliases, []) + CASE WHEN a.acronym IS NULL THEN [] ELSE [a.acronym] END, depth: depth} AS ancestor ORDER BY depth
  } AS ancestors,
  COLLECT { MATCH (n)-[:SUCCEEDED_BY*1..5]-(l:Organisation) WHERE l <> n RETURN DISTINCT l.id AS lineage } AS lineage,
  COLLECT { MATCH (r:Redirect {from: $id}) WHERE r.to = n.id RETURN r.from } AS redirectedFrom
