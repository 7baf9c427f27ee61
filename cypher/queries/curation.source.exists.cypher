// The source document a change cites, checked inside the write transaction.
MATCH (s:Source {id: $document})
RETURN s.id AS id
