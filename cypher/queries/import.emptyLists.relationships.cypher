// After an import: sets an empty list the import tool dropped on the given relationships of
// {{TYPE}} (from the fixed list, or EVIDENCED_BY). $patch is {property: []}.
UNWIND $rows AS row
MATCH (:Entity {id: row.from})-[r:{{TYPE}}]->({id: row.to})
SET r += $patch
RETURN count(r) AS n
