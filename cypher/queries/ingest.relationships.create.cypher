// Creates relationships of one type ({{TYPE}}, from the fixed list in src/domain/relationships.ts)
// from entities this load created: such an entity has no relationships yet, so the MERGE and
// the lookup of ingest.relationships are skipped.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
CREATE (a)-[r:{{TYPE}}]->(b)
SET r = row.props
RETURN 'created' AS outcome, count(*) AS n
