// The entity and the entities within {{DEPTH}} hops over {{TYPES}}, nearest first, at most
// $limit of them besides the centre, and every relationship of those types among them.
//
// The limit is applied to the distinct reached entities, before a single relationship is
// collected, so a dense neighbourhood costs what `limit` allows rather than what the graph
// holds: `WITH DISTINCT n LIMIT` over a variable-length pattern whose relationships are not
// used plans as a breadth-first pruning expand, which visits each entity once, nearest first,
// and stops at the limit. One more than the limit is asked for, to tell whether any were left out.
//
// Nodes and relationships travel as lists ([props, labels, degree] and [type, source, target,
// props]) rather than maps, as in every graph query: Bolt sends a map's keys with every map, and
// for hundreds of items those keys cost more to send and decode than the values.
MATCH (s:Entity {id: $id})
CALL (s) {
  MATCH (s)-[:{{TYPES}}*1..{{DEPTH}}]-(n:Entity)
  WHERE n <> s
  WITH DISTINCT n
  LIMIT $limit + 1
  RETURN collect(n) AS reached
}
WITH [s] + reached[0..$limit] AS nodes, size(reached) > $limit AS truncated
CALL (nodes) {
  UNWIND nodes AS a
  MATCH (a)-[r:{{TYPES}}]->(b:Entity)
  WHERE b IN nodes
  RETURN collect([type(r), a.id, b.id, {{EDGE_PROPS}}]) AS rels
}
CALL (nodes) {
  // The degree over every entity relationship type counts from the store's degree counters.
  UNWIND nodes AS n
  RETURN collect([{{NODE_PROPS}}, labels(n), {{DEGREE}}]) AS nodeRows
}
RETURN nodeRows AS nodes,
       rels,
       truncated
