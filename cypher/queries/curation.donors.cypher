// Keeps the Donor label true for the given organisations: an organisation is a Donor exactly
// when some project is FUNDED_BY it (as ingest.donors.cypher does for a whole load).
UNWIND $ids AS id
MATCH (o:Organisation {id: id})
WITH o, EXISTS { (:Project)-[:FUNDED_BY]->(o) } AS funds
FOREACH (_ IN CASE WHEN funds AND NOT o:Donor THEN [1] ELSE [] END | SET o:Donor)
FOREACH (_ IN CASE WHEN NOT funds AND o:Donor THEN [1] ELSE [] END | REMOVE o:Donor)
RETURN count(o) AS n
