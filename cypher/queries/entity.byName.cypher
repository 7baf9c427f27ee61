// Entities of one label whose name, acronym or alias normalises to $key; exact names first.
// Found through the keyword full-text index of name keys ($phrase is $key as a Lucene phrase),
// then checked exactly, so a lookup by name never reads every entity of the label.
CALL db.index.fulltext.queryNodes('entity_name_keys', $phrase) YIELD node AS e
WITH e WHERE e:{{LABEL}} AND $key IN e.nameKeys
RETURN {{ENTITY e}} AS props, labels(e) AS labels
ORDER BY CASE WHEN e.sortName = $key THEN 0 ELSE 1 END, e.sortName, e.id
LIMIT 1
