// Removes evidence of the loaded entities that the dataset no longer gives.
MATCH (e:Entity)-[r:EVIDENCED_BY]->(s:Source)
WHERE e.id IN $entityIds AND NOT (e.id + '|' + s.id + '|' + r.excerpt) IN $keys
DELETE r
RETURN count(*) AS removed
