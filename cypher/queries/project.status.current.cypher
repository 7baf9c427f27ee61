// The projects whose status the dates may change ($ids, or every project when null), a page at
// a time in id order after $after (the Project id index gives the order, so a page costs its
// size however many projects there are): their stated status, the first day of their start and
// the last day of their end, and the derived status stored now, for src/domain/projectStatus.ts
// to work out the status of today. Dates travel as their ISO text, which is what the rule reads.
MATCH (p:Project)
WHERE p.id > $after AND ($ids IS NULL OR p.id IN $ids)
WITH p ORDER BY p.id
LIMIT $limit
RETURN p.id AS id, p.status AS status, toString(p.startDate) AS startDate, toString(p.endDate) AS endDate, p.derivedStatus AS derivedStatus, p.statusBasis AS statusBasis
