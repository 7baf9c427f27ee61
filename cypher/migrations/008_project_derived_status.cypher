// The status filter compares the status the dates give today (issue 17, src/domain/projectStatus.ts),
// which every load, curation and start-up stores on the project: indexed like the stated status.
CREATE INDEX project_derived_status IF NOT EXISTS FOR (n:Project) ON (n.derivedStatus);
