// The audit trail of one entity: the changes that concern it (as subject or as the other end
// of a tie, or as the entity merged away), oldest first.
MATCH (a:AuditEvent)
WHERE a.entityId = $id OR $id IN a.relatedIds
RETURN properties(a) AS event, a.at.epochMillis AS atMillis
ORDER BY a.at, a.id
LIMIT $limit
