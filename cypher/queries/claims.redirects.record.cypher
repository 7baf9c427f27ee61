// Records that $remove was merged into $keep; earlier redirects to $remove now lead to $keep,
// so that a redirect never takes two steps.
MERGE (r:Redirect {from: $remove})
SET r.to = $keep, r.event = $event
WITH r
OPTIONAL MATCH (older:Redirect {to: $remove})
SET older.to = $keep
RETURN count(r) AS n
