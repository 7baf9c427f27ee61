// Writes source documents; a document whose content hash is unchanged is left alone.
UNWIND $rows AS row
OPTIONAL MATCH (existing:Source {id: row.id})
WITH row, CASE WHEN existing IS NULL THEN 'created' WHEN existing.contentHash = row.props.contentHash THEN 'unchanged' ELSE 'updated' END AS outcome
MERGE (s:Source {id: row.id})
FOREACH (_ IN CASE WHEN outcome = 'unchanged' THEN [] ELSE [1] END | SET s = row.props)
RETURN outcome, count(*) AS n
