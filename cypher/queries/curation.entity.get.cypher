// The entity a curation mutation changes, with its labels, read inside the write transaction.
MATCH (e:Entity {id: $id})
RETURN properties(e) AS props, labels(e) AS labels
