// An organisation is a Donor exactly when some project is FUNDED_BY it.
CALL () {
  MATCH (o:Organisation) WHERE NOT o:Donor AND EXISTS { (:Project)-[:FUNDED_BY]->(o) }
  SET o:Donor
  RETURN count(o) AS added
}
CALL () {
  MATCH (o:Donor) WHERE NOT EXISTS { (:Project)-[:FUNDED_BY]->(o) }
  REMOVE o:Donor
  RETURN count(o) AS removed
}
RETURN added, removed
