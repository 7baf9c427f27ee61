// A page of organisations by name, and how many there are in all; $donorsOnly keeps funders.
CALL () {
  MATCH (o:Organisation) WHERE $donorsOnly = false OR o:Donor
  RETURN count(o) AS total
}
CALL () {
  MATCH (o:Organisation) WHERE $donorsOnly = false OR o:Donor
  WITH o ORDER BY o.sortName, o.id SKIP $skip LIMIT $limit
  RETURN collect({props: properties(o), labels: labels(o)}) AS page
}
RETURN total, page
