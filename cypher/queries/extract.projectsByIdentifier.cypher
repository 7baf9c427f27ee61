// The projects that carry an identifier value (a Prima ID, a Projects ID), for the extractor
// to recognise a project it reads on another page.
MATCH (p:Project)
WHERE $value IN p.identifierValues
RETURN p.id AS id, p.identifiersJson AS identifiersJson
LIMIT 20
