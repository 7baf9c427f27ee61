// A shortest path between two entities over {{TYPES}}, in either direction.
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH path = shortestPath((a)-[:{{TYPES}}*..{{MAX_LENGTH}}]-(b))
RETURN [n IN nodes(path) | {props: properties(n), labels: labels(n)}] AS nodes,
       [r IN relationships(path) | {type: type(r), source: startNode(r).id, target: endNode(r).id, props: properties(r)}] AS rels
LIMIT 1
