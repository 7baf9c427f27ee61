// project.page with what the list's selection reads of each project folded in: the page's
// projects are n0, and {{FOLD}} (src/db/cypher/fold.ts) is the map of their relationship
// fields, pages and evidence, as in entity.fold.
CALL () {
  {{PROJECTS}} WHERE {{WHERE}}
  RETURN count(p) AS total
}
CALL () {
  {{PROJECTS}} WHERE {{WHERE}}
  WITH p ORDER BY {{ORDER}} SKIP $skip LIMIT $limit
  WITH p AS n0
  RETURN collect({props: {{PROPS}}, labels: labels(n0), fold: {{FOLD}}}) AS page
}
RETURN total, page
