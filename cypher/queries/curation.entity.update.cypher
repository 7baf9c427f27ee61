// Sets (or, with null, removes) properties of one entity. The content hash is dropped, so that
// a later load of a dataset naming this entity rewrites it rather than taking it as unchanged.
MATCH (e:Entity {id: $id})
SET e += $props
REMOVE e.contentHash
RETURN properties(e) AS props, labels(e) AS labels
