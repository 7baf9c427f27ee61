// Entities of one label whose name, acronym or alias normalises to $key; exact names first.
MATCH (e:{{LABEL}})
WHERE $key IN e.nameKeys
RETURN properties(e) AS props, labels(e) AS labels
ORDER BY CASE WHEN e.sortName = $key THEN 0 ELSE 1 END, e.sortName, e.id
LIMIT 1
