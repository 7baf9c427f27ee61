// Links entities created by this load to the documents that support them, one EVIDENCED_BY per
// excerpt, with its place in the entity's list and, where known, in the document (under,
// offset): an entity that did not exist has no evidence yet, so nothing is looked up first.
UNWIND $rows AS row
MATCH (e:Entity {id: row.entityId})
MATCH (s:Source {id: row.document})
CREATE (e)-[:EVIDENCED_BY {excerpt: row.excerpt, position: row.position, offset: row.offset, under: row.under}]->(s)
RETURN 'created' AS outcome, count(*) AS n
