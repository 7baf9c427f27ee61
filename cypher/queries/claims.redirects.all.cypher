// Every redirect, for the curation export.
MATCH (r:Redirect)
RETURN r.from AS id, r.to AS to, r.event AS event
ORDER BY r.from
