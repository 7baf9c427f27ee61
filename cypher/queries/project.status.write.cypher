// Stores the status the dates give today (derivedStatus) and whether it is the stated one
// (statusBasis STATED) or one the dates gave (DERIVED); only rows that changed are sent.
UNWIND $rows AS row
MATCH (p:Project {id: row.id})
SET p.derivedStatus = row.derivedStatus, p.statusBasis = row.statusBasis
RETURN count(p) AS changed
