// Records the content hash of each dataset file a load wrote, in the load's transaction.
UNWIND $rows AS row
MERGE (f:DatasetFile {path: row.path})
SET f.hash = row.hash, f.loadedAt = datetime()
RETURN count(f) AS n
