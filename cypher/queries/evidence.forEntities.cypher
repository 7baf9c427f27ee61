// The evidence of each entity: excerpts on EVIDENCED_BY relationships to Source documents.
UNWIND $ids AS id
MATCH (:Entity {id: id})-[r:EVIDENCED_BY]->(s:Source)
RETURN id, s.id AS document, r.excerpt AS excerpt
ORDER BY id, document, r.position
