// After an import: sets an empty list the import tool dropped (it stores no empty arrays; the
// transactional path stores []) on the given nodes of {{LABEL}} (Source or an entity label,
// from the fixed lists). $patch is {property: []}, the property named by the import writer.
UNWIND $ids AS id
MATCH (n:{{LABEL}} {id: id})
SET n += $patch
RETURN count(n) AS n
