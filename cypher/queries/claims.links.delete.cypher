// Removes {{TYPE}} relationships (from the fixed list) that no origin asserts any more.
UNWIND $rows AS row
MATCH (:Entity {id: row.from})-[r:{{TYPE}}]->(:Entity {id: row.to})
DELETE r
RETURN count(*) AS removed
