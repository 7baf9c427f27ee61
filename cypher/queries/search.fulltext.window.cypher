// A first page of full-text search read from the $window best hits only, so that a common word
// costs its window rather than every entity it matches (search.fulltext sorts them all). The
// window is ordered as search.fulltext orders every hit: an entity whose name, acronym or alias
// is exactly the query ($key) first, then by score, then by name (so equal scores are ordered
// by name among the window's hits). One row: the page, how many hits the window held, and how
// many exact matches there are of the types asked for (through the keyword index of name keys),
// from which SearchRepository tells whether the page is whole or must be read from every hit.
// Of each hit only {{PROPS}} (a projection of n0) is read.
CALL () {
  CALL db.index.fulltext.queryNodes('entity_name_keys', $phrase) YIELD node
  WITH node WHERE $key IN node.nameKeys AND ($labels IS NULL OR any(label IN labels(node) WHERE label IN $labels))
  RETURN count(node) AS exactTotal
}
CALL () {
  CALL db.index.fulltext.queryNodes('entity_search', $query, {limit: $window}) YIELD node, score
  RETURN collect({node: node, score: score}) AS window
}
CALL (window) {
  UNWIND window AS hit
  WITH hit.node AS n0, hit.score AS score
  WHERE $labels IS NULL OR any(label IN labels(n0) WHERE label IN $labels)
  WITH n0, score, $key IN n0.nameKeys AS exact
  ORDER BY CASE WHEN exact THEN 0 ELSE 1 END, score DESC, n0.sortName
  LIMIT $limit
  RETURN collect({props: {{PROPS}}, labels: labels(n0), score: score, exact: exact}) AS page
}
RETURN page, exactTotal, size(window) AS windowSize
