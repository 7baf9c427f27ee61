// Moves the evidence of the entity being merged away onto the kept one (an excerpt the kept
// entity already has is not doubled), after the kept entity's own evidence.
MATCH (kept:Entity {id: $keep})
WITH kept, COUNT { (kept)-[:EVIDENCED_BY]->(:Source) } AS base
MATCH (gone:Entity {id: $remove})-[old:EVIDENCED_BY]->(s:Source)
MERGE (kept)-[r:EVIDENCED_BY {excerpt: old.excerpt}]->(s)
ON CREATE SET r.position = base + coalesce(old.position, 0), r.curated = coalesce(old.curated, false)
DELETE old
RETURN count(r) AS moved
