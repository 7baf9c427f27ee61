// Links entities created by this load to the documents that support them, one EVIDENCED_BY per
// excerpt: an entity that did not exist has no evidence yet, so nothing is looked up first.
UNWIND $rows AS row
MATCH (e:Entity {id: row.entityId})
MATCH (s:Source {id: row.document})
CREATE (e)-[:EVIDENCED_BY {excerpt: row.excerpt, position: row.position}]->(s)
RETURN 'created' AS outcome, count(*) AS n
