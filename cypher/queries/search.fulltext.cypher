// Full-text search across every entity type ($labels narrows it), best first: an entity whose
// name, acronym or alias is exactly the query ($key, normalised) comes before partial matches.
// It orders every hit; SearchRepository asks it only when search.fulltext.window, which orders
// the best hits only, cannot tell that its page is whole.
// The page is cut before the properties are read, so a common word costs its page, not its hits;
// of each hit only the properties the answer shows are read ({{PROPS}}, a projection of n0).
CALL db.index.fulltext.queryNodes('entity_search', $query)
YIELD node AS n0, score
WHERE $labels IS NULL OR any(label IN labels(n0) WHERE label IN $labels)
WITH n0, score
ORDER BY CASE WHEN $key IN n0.nameKeys THEN 0 ELSE 1 END, score DESC, n0.sortName
LIMIT $limit
RETURN {{PROPS}} AS props, labels(n0) AS labels, score
