// The kept claims of relationships that exist no more (LinkClaims) from the given ids, for a
// bulk load to send those relationships through the claims-merging path.
UNWIND $ids AS id
MATCH (t:LinkClaims {from: id})
RETURN t.from AS from, t.type AS type, t.to AS to
