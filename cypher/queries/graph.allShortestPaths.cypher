// Every shortest path between two entities over {{TYPES}}, in either direction, at most
// {{MAX_LENGTH}} relationships long, merged into one graph: at most $maxPaths paths (one more
// is asked for, to tell whether any were left out). No row when no path joins the two.
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH path = allShortestPaths((a)-[:{{TYPES}}*..{{MAX_LENGTH}}]-(b))
WITH path
LIMIT $maxPaths + 1
WITH collect(path) AS found
WHERE size(found) > 0
WITH found[0..$maxPaths] AS paths, size(found) > $maxPaths AS truncated
CALL (paths) {
  // The first path's nodes in order, then each later path's new ones: $from first.
  UNWIND paths AS path
  UNWIND nodes(path) AS n
  WITH DISTINCT n
  RETURN collect([{{NODE_PROPS}}, labels(n), {{DEGREE}}]) AS nodeRows
}
CALL (paths) {
  UNWIND paths AS path
  UNWIND relationships(path) AS r
  WITH DISTINCT r
  RETURN collect([type(r), startNode(r).id, endNode(r).id, {{EDGE_PROPS}}]) AS rels
}
RETURN nodeRows AS nodes, rels, truncated
