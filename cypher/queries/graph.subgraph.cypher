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
  RETURN collect(r) AS rels
}
CALL (nodes) {
  UNWIND nodes AS n
  RETURN collect({props: {{NODE_PROPS}}, labels: labels(n), degree: {{DEGREE}}}) AS nodeRows
}
RETURN nodeRows AS nodes,
       [r IN rels | {type: type(r), source: startNode(r).id, target: endNode(r).id, props: {{EDGE_PROPS}}}] AS rels,
       false AS truncated
