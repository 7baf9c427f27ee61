// Records one change in the audit trail, in the same transaction as the change itself.
CREATE (a:AuditEvent {
  id: $id,
  at: datetime(),
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
