// Creates one entity of label {{LABEL}} (from the fixed list of entity labels) with the
// properties ingestion would give it; the Entity id constraint refuses a duplicate id.
CREATE (e:Entity {id: $id})
SET e:{{LABEL}}
SET e += $props
RETURN properties(e) AS props, labels(e) AS labels
