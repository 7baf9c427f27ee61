// Writes relationships of one type ({{TYPE}}, from the fixed list in src/db/relationships.ts)
// with their properties and evidence; unchanged ones are left alone.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
OPTIONAL MATCH (a)-[existing:{{TYPE}}]->(b)
WITH a, b, row, CASE WHEN existing IS NULL THEN 'created' WHEN existing.contentHash = row.props.contentHash THEN 'unchanged' ELSE 'updated' END AS outcome
MERGE (a)-[r:{{TYPE}}]->(b)
FOREACH (_ IN CASE WHEN outcome = 'unchanged' THEN [] ELSE [1] END | SET r = row.props)
RETURN outcome, count(*) AS n
