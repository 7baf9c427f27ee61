// Full-text search across every entity type ($labels narrows it), best first: an entity whose
// name, acronym or alias is exactly the query ($key, normalised) comes before partial matches.
// The page is cut before the properties are read, so a common word costs its page, not its hits.
CALL db.index.fulltext.queryNodes('entity_search', $query)
YIELD node, score
WHERE $labels IS NULL OR any(label IN labels(node) WHERE label IN $labels)
WITH node, score
ORDER BY CASE WHEN $key IN node.nameKeys THEN 0 ELSE 1 END, score DESC, node.sortName
LIMIT $limit
RETURN {{ENTITY node}} AS props, labels(node) AS labels, score
