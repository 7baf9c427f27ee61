// Links entities to the documents that support them, one EVIDENCED_BY per excerpt, with its
// place in the entity's list and, where known, in the document (under, offset).
UNWIND $rows AS row
MATCH (e:Entity {id: row.entityId})
MATCH (s:Source {id: row.document})
OPTIONAL MATCH (e)-[existing:EVIDENCED_BY {excerpt: row.excerpt}]->(s)
WITH e, s, row, CASE
  WHEN existing IS NULL THEN 'created'
  WHEN existing.position = row.position AND coalesce(existing.offset, -1) = coalesce(row.offset, -1) AND coalesce(existing.under, '') = coalesce(row.under, '') THEN 'unchanged'
  ELSE 'updated' END AS outcome
MERGE (e)-[r:EVIDENCED_BY {excerpt: row.excerpt}]->(s)
FOREACH (_ IN CASE WHEN outcome = 'unchanged' THEN [] ELSE [1] END | SET r.position = row.position, r.offset = row.offset, r.under = row.under)
RETURN outcome, count(*) AS n
