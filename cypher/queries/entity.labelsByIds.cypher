// The entity label of each id that exists, for checking references to entities outside a dataset.
UNWIND $ids AS id
MATCH (e:Entity {id: id})
RETURN id, labels(e) AS labels
