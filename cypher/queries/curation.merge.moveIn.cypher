// Moves the incoming {{TYPE}} relationships (fixed list) of the entity being merged away onto
// the kept one. Where the kept entity already has the same tie, the two are combined: its own
// properties win, and the evidence pairs of both are kept. A tie between the two entities
// themselves is not moved (it disappears with the removed entity).
MATCH (gone:Entity {id: $remove})<-[old:{{TYPE}}]-(other:Entity)
WHERE other.id <> $keep
MATCH (kept:Entity {id: $keep})
OPTIONAL MATCH (kept)<-[existing:{{TYPE}}]-(other)
WITH kept, other, old, CASE WHEN existing IS NULL THEN {} ELSE properties(existing) END AS mine, properties(old) AS theirs
MERGE (kept)<-[r:{{TYPE}}]-(other)
WITH r, old, mine, theirs,
     [i IN range(0, size(coalesce(mine.evidenceDocuments, [])) - 1) | [mine.evidenceDocuments[i], mine.evidenceExcerpts[i]]] AS minePairs,
     [i IN range(0, size(coalesce(theirs.evidenceDocuments, [])) - 1) | [theirs.evidenceDocuments[i], theirs.evidenceExcerpts[i]]] AS theirPairs
WITH r, old, mine, theirs, minePairs + [pair IN theirPairs WHERE NOT pair IN minePairs] AS pairs
SET r = theirs
SET r += mine
SET r.evidenceDocuments = [pair IN pairs | pair[0]], r.evidenceExcerpts = [pair IN pairs | pair[1]]
REMOVE r.contentHash
DELETE old
RETURN count(r) AS moved
