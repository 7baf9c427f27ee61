// Every country matching a filter, in the requested order.
MATCH (c:Country) WHERE {{WHERE}}
RETURN {{ENTITY c}} AS props, labels(c) AS labels
ORDER BY {{ORDER}}
