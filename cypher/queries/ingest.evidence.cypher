// Links entities to the documents that support them, one EVIDENCED_BY per excerpt.
UNWIND $rows AS row
MATCH (e:Entity {id: row.entityId})
MATCH (s:Source {id: row.document})
OPTIONAL MATCH (e)-[existing:EVIDENCED_BY {excerpt: row.excerpt}]->(s)
WITH e, s, row, CASE WHEN existing IS NULL THEN 'created' WHEN existing.position = row.position THEN 'unchanged' ELSE 'updated' END AS outcome
MERGE (e)-[r:EVIDENCED_BY {excerpt: row.excerpt}]->(s)
FOREACH (_ IN CASE WHEN outcome = 'unchanged' THEN [] ELSE [1] END | SET r.position = row.position)
RETURN outcome, count(*) AS n
