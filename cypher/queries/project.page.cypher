// A page of projects matching a filter, in the requested order, and how many match in all.
// {{WHERE}} and {{ORDER}} are composed in src/db from fixed fragments; values are parameters.
CALL () {
  {{PROJECTS}} WHERE {{WHERE}}
  RETURN count(p) AS total
}
CALL () {
  {{PROJECTS}} WHERE {{WHERE}}
  WITH p ORDER BY {{ORDER}} SKIP $skip LIMIT $limit
  RETURN collect({props: {{ENTITY p}}, labels: labels(p)}) AS page
}
RETURN total, page
