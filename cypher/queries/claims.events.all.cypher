// Every audit event, oldest first, for the curation export.
MATCH (a:AuditEvent)
RETURN properties(a) AS event, a.at.epochMillis AS atMillis
ORDER BY a.at, a.id
