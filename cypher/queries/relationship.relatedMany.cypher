// For each key {g, id}, the entities one hop away over the relationship type and direction of
// group g. {{BRANCHES}} holds one UNION ALL branch per group of the batch, each the fragment
// relationship.relatedMany.branch.cypher with that group's number and pattern (from the fixed
// list of relationship types), so that every relationship field resolved in the same tick of
// a request (an organisation's parent, country and units, say) is one query.
UNWIND $keys AS k
CALL (k) {
  {{BRANCHES}}
}
RETURN k.g AS g, k.id AS id, props, labels, rel
ORDER BY g, id, sortName, tid
