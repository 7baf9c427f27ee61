// project.relatedPage without the count, for a client that does not ask for totalCount: the
// total is -1, and the caller asks for one project more than the page ($limit), to tell
// whether more follow without counting them all.
UNWIND $ids AS id
MATCH (s:Entity {id: id})
WITH id, s, -1 AS total
CALL (s) {
  MATCH (s){{PATTERN}}(p:Project) WHERE {{WHERE}}
  WITH p, r ORDER BY {{ORDER}} SKIP $skip LIMIT $limit
  RETURN collect({props: {{ENTITY p}}, labels: labels(p), rel: properties(r), type: type(r)}) AS page
}
RETURN id, total, page
