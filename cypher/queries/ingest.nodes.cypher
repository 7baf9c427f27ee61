// Writes entities of one label ({{LABEL}}, from the fixed list of entity labels): the preferred
// values of their claims, and the claims. An entity whose content hash is unchanged is left
// alone, so a second load changes nothing. :Conflicted marks an open conflict between origins.
UNWIND $rows AS row
OPTIONAL MATCH (existing:Entity {id: row.id})
WITH row, CASE WHEN existing IS NULL THEN 'created' WHEN existing.contentHash = row.props.contentHash THEN 'unchanged' ELSE 'updated' END AS outcome
MERGE (n:Entity {id: row.id})
SET n:{{LABEL}}
FOREACH (_ IN CASE WHEN outcome = 'unchanged' THEN [] ELSE [1] END |
  SET n = row.props
  SET n.startDate = CASE WHEN row.props.startDate IS NULL THEN null ELSE date(row.props.startDate) END,
      n.endDate = CASE WHEN row.props.endDate IS NULL THEN null ELSE date(row.props.endDate) END
)
FOREACH (_ IN CASE WHEN row.conflicted THEN [1] ELSE [] END | SET n:Conflicted)
FOREACH (_ IN CASE WHEN row.conflicted THEN [] ELSE [1] END | REMOVE n:Conflicted)
RETURN outcome, count(*) AS n
