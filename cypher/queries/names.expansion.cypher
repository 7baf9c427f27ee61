// What an organisation filter includes besides the organisation a name resolved to: its
// renamed predecessors and successors (SUCCEEDED_BY, either way) and the units (PART_OF, any
// depth) of it and of them (of it alone without $lineage), as projectFilter.ts compiles them,
// for the answer to list: at most $maxUnits units.
UNWIND $ids AS id
MATCH (o:Organisation {id: id})
RETURN id,
  COLLECT { MATCH (o)-[:SUCCEEDED_BY*1..5]-(l:Organisation) WHERE l <> o RETURN DISTINCT {{ENTITY l}} AS lineage } AS lineage,
  COLLECT {
    MATCH (o)-[:SUCCEEDED_BY*0..5]-(t:Organisation) WHERE $lineage OR t = o
    MATCH (u:Organisation)-[:PART_OF*1..6]->(t)
    WITH DISTINCT u ORDER BY u.sortName LIMIT $maxUnits
    RETURN {{ENTITY u}} AS unit
  } AS units
