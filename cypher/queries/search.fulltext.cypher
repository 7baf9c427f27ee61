// Full-text search across every entity type ($labels narrows it), best first.
CALL db.index.fulltext.queryNodes('entity_search', $query)
YIELD node, score
WHERE $labels IS NULL OR any(label IN labels(node) WHERE label IN $labels)
RETURN properties(node) AS props, labels(node) AS labels, score
ORDER BY score DESC, node.sortName
LIMIT $limit
