// The evidence of each entity: excerpts on EVIDENCED_BY relationships to Source documents,
// with where each sits in its document when known.
UNWIND $ids AS id
MATCH (:Entity {id: id})-[r:EVIDENCED_BY]->(s:Source)
RETURN id, s.id AS document, r.excerpt AS excerpt, r.under AS under, r.offset AS offset
ORDER BY id, document, r.position
