// The entities the given ids redirect to (ids of entities merged away), for lookups and loads.
UNWIND $ids AS id
MATCH (r:Redirect {from: id})
RETURN r.from AS id, r.to AS to
