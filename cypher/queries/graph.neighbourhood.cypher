// The entity and the entities within {{DEPTH}} hops over {{TYPES}}, at most $limit of them,
// and every relationship of those types among them.
MATCH (s:Entity {id: $id})
OPTIONAL MATCH (s)-[:{{TYPES}}*1..{{DEPTH}}]-(n:Entity)
WITH s, collect(DISTINCT n) AS reached
WITH [s] + [x IN reached WHERE x <> s][0..$limit] AS nodes
UNWIND nodes AS a
OPTIONAL MATCH (a)-[r:{{TYPES}}]->(b:Entity)
WHERE b IN nodes
WITH nodes, collect(DISTINCT r) AS rels
RETURN [n IN nodes | {props: properties(n), labels: labels(n)}] AS nodes,
       [r IN rels | {type: type(r), source: startNode(r).id, target: endNode(r).id, props: properties(r)}] AS rels
