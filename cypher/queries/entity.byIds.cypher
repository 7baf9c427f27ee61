// Entities by id, for node(id:) and the entity DataLoader.
UNWIND $ids AS id
MATCH (e:Entity {id: id})
RETURN id, {{ENTITY e}} AS props, labels(e) AS labels
