// The publication dates of the documents claims cite: the third step of the preference rank.
UNWIND $ids AS id
MATCH (s:Source {id: id})
RETURN s.id AS id, s.published AS published
