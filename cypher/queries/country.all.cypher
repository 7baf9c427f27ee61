// Every country, by name.
MATCH (c:Country)
RETURN properties(c) AS props, labels(c) AS labels
ORDER BY c.sortName, c.id
