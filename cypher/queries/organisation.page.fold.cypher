// organisation.page with what the list's selection reads of each organisation folded in: the
// page's organisations are n0, and {{FOLD}} (src/db/cypher/fold.ts) is the map of their
// relationship fields, pages and evidence, as in entity.fold.
CALL () {
  MATCH (o:Organisation) WHERE {{WHERE}}
  RETURN count(o) AS total
}
CALL () {
  MATCH (o:Organisation) WHERE {{WHERE}}
  WITH o ORDER BY {{ORDER}} SKIP $skip LIMIT $limit
  WITH o AS n0
  RETURN collect({props: {{PROPS}}, labels: labels(n0), fold: {{FOLD}}}) AS page
}
RETURN total, page
