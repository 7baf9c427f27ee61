// Drops the kept claims of relationships of the entity merged away: the merge rewrites them
// under the kept entity's id.
MATCH (t:LinkClaims)
WHERE t.from = $remove OR t.to = $remove
DELETE t
RETURN count(*) AS removed
