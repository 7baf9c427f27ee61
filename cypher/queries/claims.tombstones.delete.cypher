// Drops kept claims of relationships that exist again, or that have no claims left.
UNWIND $keys AS key
MATCH (t:LinkClaims {key: key})
DELETE t
RETURN count(*) AS removed
