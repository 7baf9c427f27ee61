// Full-text search across every entity type, best first.
CALL db.index.fulltext.queryNodes('entity_search', $query, {limit: $limit})
YIELD node, score
RETURN properties(node) AS props, labels(node) AS labels, score
ORDER BY score DESC, node.sortName
LIMIT $limit
