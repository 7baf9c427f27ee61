// A page of projects matching a filter, by title, and how many match in all.
// {{WHERE}} is composed in src/db/projectFilter.ts from fixed fragments; values are parameters.
CALL () {
  MATCH (p:Project) WHERE {{WHERE}}
  RETURN count(p) AS total
}
CALL () {
  MATCH (p:Project) WHERE {{WHERE}}
  WITH p ORDER BY p.sortName, p.id SKIP $skip LIMIT $limit
  RETURN collect({props: properties(p), labels: labels(p)}) AS page
}
RETURN total, page
