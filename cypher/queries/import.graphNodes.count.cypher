// Nodes other than the migrations' records: an import goes only into a database without any.
MATCH (n)
WHERE NOT n:Migration
RETURN count(n) AS n
