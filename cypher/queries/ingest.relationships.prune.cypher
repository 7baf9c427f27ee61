// Removes {{TYPE}} relationships from the loaded entities that the dataset no longer gives.
MATCH (a:Entity)-[r:{{TYPE}}]->(b:Entity)
WHERE a.id IN $fromIds AND NOT (a.id + '|' + b.id) IN $keys
DELETE r
RETURN count(*) AS removed
