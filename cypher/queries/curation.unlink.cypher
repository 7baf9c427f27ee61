// Removes the {{TYPE}} relationship (from the fixed list) between two entities, returning
// what it held for the audit trail.
MATCH (:Entity {id: $from})-[r:{{TYPE}}]->(:Entity {id: $to})
WITH r, properties(r) AS before
DELETE r
RETURN before
