// Which of the given source ids exist: the id diff of a bulk load (the rest are created).
UNWIND $ids AS id
MATCH (s:Source {id: id})
RETURN s.id AS id
