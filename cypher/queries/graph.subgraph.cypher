// The entities with the given ids, in the order given (unknown ids left out), and every
// relationship of {{TYPES}} among them.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WITH DISTINCT n
WITH collect(n) AS nodes
CALL (nodes) {
  UNWIND nodes AS a
  MATCH (a)-[r:{{TYPES}}]->(b:Entity)
  WHERE b IN nodes
  RETURN collect([type(r), a.id, b.id, {{EDGE_PROPS}}]) AS rels
}
CALL (nodes) {
  UNWIND nodes AS n
  RETURN collect([{{NODE_PROPS}}, labels(n), {{DEGREE}}]) AS nodeRows
}
RETURN nodeRows AS nodes,
       rels,
       false AS truncated
