// The whole graph for an export: the first $limit entities in id order and the relationships
// of {{TYPES}} among them, at most $edgeLimit of those (one more of each is asked for, to
// tell whether any were left out).
//
// Both caps keep the answer, and so the memory of the service that serialises it, bounded
// whatever the graph grows to. Because the entities kept are the first ones by id (the id is
// indexed, so ORDER BY ... LIMIT reads the index in order), "the other end is kept" is the
// constant-time test `b.id <= lastId` rather than a search of the list of kept entities.
MATCH (n:Entity)
WHERE n.id IS NOT NULL
WITH n
ORDER BY n.id
LIMIT $limit + 1
WITH collect(n) AS reached
WITH reached[0..$limit] AS nodes, size(reached) > $limit AS truncatedNodes
WITH nodes, truncatedNodes, CASE WHEN size(nodes) = 0 THEN '' ELSE nodes[-1].id END AS lastId
CALL (nodes, lastId) {
  UNWIND nodes AS a
  MATCH (a)-[r:{{TYPES}}]->(b:Entity)
  WHERE b.id <= lastId
  WITH r
  LIMIT $edgeLimit + 1
  RETURN collect(r) AS found
}
CALL (nodes) {
  UNWIND nodes AS n
  RETURN collect([{{NODE_PROPS}}, labels(n), {{DEGREE}}]) AS nodeRows
}
RETURN nodeRows AS nodes,
       [r IN found[0..$edgeLimit] | [type(r), startNode(r).id, endNode(r).id, {{EDGE_PROPS}}]] AS rels,
       truncatedNodes OR size(found) > $edgeLimit AS truncated
