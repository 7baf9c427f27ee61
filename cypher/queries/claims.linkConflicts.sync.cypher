// Keeps one LinkConflict per relationship with an open conflict among its claims: written for
// the rows that have one, removed for the rows that have none any more.
UNWIND $rows AS row
CALL (row) {
  WITH row WHERE row.conflicted
  MERGE (m:LinkConflict {key: row.key})
  SET m.from = row.from, m.type = row.type, m.to = row.to
}
CALL (row) {
  WITH row WHERE NOT row.conflicted
  OPTIONAL MATCH (m:LinkConflict {key: row.key})
  DELETE m
}
RETURN count(*) AS n
