// Deletes the entity merged away, with what ties remain to it (those to the kept entity).
MATCH (gone:Entity {id: $remove})
DETACH DELETE gone
RETURN count(*) AS removed
