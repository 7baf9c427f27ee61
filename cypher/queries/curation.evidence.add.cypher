// Ties an entity to the source document and excerpt that support a curated change; an
// excerpt already given for the entity is not added twice.
MATCH (e:Entity {id: $id})
MATCH (s:Source {id: $document})
WITH e, s, COUNT { (e)-[:EVIDENCED_BY]->(:Source) } AS existing
MERGE (e)-[r:EVIDENCED_BY {excerpt: $excerpt}]->(s)
ON CREATE SET r.position = existing, r.curated = true
RETURN count(r) AS n
