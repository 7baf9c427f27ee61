// A shortest path between two entities over {{TYPES}}, in either direction, at most
// {{MAX_LENGTH}} relationships long; its nodes in order from $from to $to.
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH path = shortestPath((a)-[:{{TYPES}}*..{{MAX_LENGTH}}]-(b))
WITH path
LIMIT 1
CALL (path) {
  UNWIND nodes(path) AS n
  RETURN collect([{{NODE_PROPS}}, labels(n), {{DEGREE}}]) AS nodeRows
}
RETURN nodeRows AS nodes,
       [r IN relationships(path) | [type(r), startNode(r).id, endNode(r).id, {{EDGE_PROPS}}]] AS rels,
       false AS truncated
