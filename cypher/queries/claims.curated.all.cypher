// Every element whose claims include a curator's (a claim or a retraction), for the export:
// entities, relationships, and the kept claims of relationships that exist no more.
CALL () {
  MATCH (n:Entity)
  WHERE n.claimsJson CONTAINS '"kind":"curation"' OR n.claimsJson CONTAINS '"retractions":[{'
  RETURN 'entity' AS kind, n.id AS id, labels(n) AS labels, null AS from, null AS type, null AS to, n.claimsJson AS claimsJson
  UNION ALL
  MATCH (a:Entity)-[r]->(b:Entity)
  WHERE r.claimsJson CONTAINS '"kind":"curation"' OR r.claimsJson CONTAINS '"retractions":[{'
  RETURN 'link' AS kind, null AS id, [] AS labels, a.id AS from, type(r) AS type, b.id AS to, r.claimsJson AS claimsJson
  UNION ALL
  MATCH (t:LinkClaims)
  RETURN 'link' AS kind, null AS id, [] AS labels, t.from AS from, t.type AS type, t.to AS to, t.claimsJson AS claimsJson
}
RETURN kind, id, labels, from, type, to, claimsJson
ORDER BY kind, id, from, type, to
