// Keeps the claims of relationships that exist no more (every origin retracted), so that a
// later load knows a curator took them back.
UNWIND $rows AS row
MERGE (t:LinkClaims {key: row.key})
SET t.from = row.from, t.type = row.type, t.to = row.to, t.claimsJson = row.claimsJson
RETURN count(t) AS n
