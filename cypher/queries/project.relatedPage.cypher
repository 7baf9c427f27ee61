// For each id, a page of the projects tied to it over {{PATTERN}} (a fixed relationship type
// and direction), filtered and ordered, with each tie's properties and how many match in all.
// When the client does not ask for totalCount, project.relatedPage.withoutTotal runs instead.
UNWIND $ids AS id
MATCH (s:Entity {id: id})
CALL (s) {
  MATCH (s){{PATTERN}}(p:Project) WHERE {{WHERE}}
  RETURN count(p) AS total
}
CALL (s) {
  MATCH (s){{PATTERN}}(p:Project) WHERE {{WHERE}}
  WITH p, r ORDER BY {{ORDER}} SKIP $skip LIMIT $limit
  RETURN collect({props: {{ENTITY p}}, labels: labels(p), rel: properties(r), type: type(r)}) AS page
}
RETURN id, total, page
