// A page of legal frameworks by name, and how many there are in all.
CALL () {
  MATCH (l:LegalFramework) RETURN count(l) AS total
}
CALL () {
  MATCH (l:LegalFramework)
  WITH l ORDER BY l.sortName, l.id SKIP $skip LIMIT $limit
  RETURN collect({props: properties(l), labels: labels(l)}) AS page
}
RETURN total, page
