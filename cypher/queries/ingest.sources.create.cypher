// Creates source documents that do not exist yet (a bulk load found them missing by their ids).
// CREATE skips the lookup MERGE makes; the unique constraint on :Source(id) still refuses a
// duplicate, should another load have written one since.
UNWIND $rows AS row
CREATE (s:Source)
SET s = row.props
RETURN 'created' AS outcome, count(*) AS n
