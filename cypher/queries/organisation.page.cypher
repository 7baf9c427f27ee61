// A page of organisations matching a filter, in the requested order, and how many match.
CALL () {
  MATCH (o:Organisation) WHERE {{WHERE}}
  RETURN count(o) AS total
}
CALL () {
  MATCH (o:Organisation) WHERE {{WHERE}}
  WITH o ORDER BY {{ORDER}} SKIP $skip LIMIT $limit
  RETURN collect({props: {{ENTITY o}}, labels: labels(o)}) AS page
}
RETURN total, page
