// Restores audit events from the curation overlay; an event already recorded is left alone.
UNWIND $rows AS row
MERGE (a:AuditEvent {id: row.id})
ON CREATE SET a.at = datetime(row.at), a.actor = row.actor, a.role = row.role, a.action = row.action,
  a.entityId = row.entityId, a.relatedIds = row.relatedIds, a.before = row.before, a.after = row.after,
  a.evidenceDocument = row.document, a.evidenceExcerpt = row.excerpt
RETURN count(a) AS n
