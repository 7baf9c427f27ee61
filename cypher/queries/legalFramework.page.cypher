// A page of legal frameworks matching a filter, in the requested order, and how many match.
CALL () {
  MATCH (l:LegalFramework) WHERE {{WHERE}}
  RETURN count(l) AS total
}
CALL () {
  MATCH (l:LegalFramework) WHERE {{WHERE}}
  WITH l ORDER BY {{ORDER}} SKIP $skip LIMIT $limit
  RETURN collect({props: {{ENTITY l}}, labels: labels(l)}) AS page
}
RETURN total, page
