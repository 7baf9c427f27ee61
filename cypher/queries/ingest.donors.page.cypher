// The :Donor label of one page of organisations (in id order after $after, through the
// Organisation id index): an organisation is a Donor exactly when some project is FUNDED_BY
// it. What ends a bulk load or an import, a page per transaction, so that a graph of hundreds
// of thousands of organisations never meets the transaction's memory or time limit.
MATCH (o:Organisation)
WHERE o.id > $after
WITH o ORDER BY o.id
LIMIT $limit
WITH o, o:Donor AS was, EXISTS { (:Project)-[:FUNDED_BY]->(o) } AS funds
FOREACH (_ IN CASE WHEN funds AND NOT was THEN [1] ELSE [] END | SET o:Donor)
FOREACH (_ IN CASE WHEN was AND NOT funds THEN [1] ELSE [] END | REMOVE o:Donor)
RETURN count(o) AS read, max(o.id) AS last,
       sum(CASE WHEN funds AND NOT was THEN 1 ELSE 0 END) + sum(CASE WHEN was AND NOT funds THEN 1 ELSE 0 END) AS changed
