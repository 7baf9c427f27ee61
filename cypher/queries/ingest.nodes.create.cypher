// Creates entities of one label ({{LABEL}}, from the fixed list of entity labels) that do not
// exist yet (a bulk load found them missing by their ids): the same properties as ingest.nodes
// writes, without its lookups. The unique constraint on :Entity(id) still refuses a duplicate.
UNWIND $rows AS row
CREATE (n:Entity:{{LABEL}})
SET n = row.props
SET n.startDate = CASE WHEN row.props.startDate IS NULL THEN null ELSE date(row.props.startDate) END,
    n.endDate = CASE WHEN row.props.endDate IS NULL THEN null ELSE date(row.props.endDate) END
FOREACH (_ IN CASE WHEN row.conflicted THEN [1] ELSE [] END | SET n:Conflicted)
RETURN 'created' AS outcome, count(*) AS n
