// Source documents by id (their file name).
UNWIND $ids AS id
MATCH (s:Source {id: id})
RETURN id, s.title AS title, s.publisher AS publisher, coalesce(s.curated, false) AS curated, s.reference AS reference, s.url AS url
