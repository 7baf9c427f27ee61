// Records one change in the audit trail, in the same transaction as the change itself. The time
// is given ($at, ISO 8601), so that the claims the change makes carry the same instant.
CREATE (a:AuditEvent {
  id: $id,
  at: datetime($at),
  actor: $actor,
  role: $role,
  action: $action,
  entityId: $entityId,
  relatedIds: $relatedIds,
  before: $before,
  after: $after,
  evidenceDocument: $document,
  evidenceExcerpt: $excerpt
})
RETURN properties(a) AS event, a.at.epochMillis AS atMillis
