// Relationships whose origins disagree (two sources give a tie different roles, titles or
// dates) are listed for curators beside the entities with conflicts: a LinkConflict node per
// such relationship, kept by the loader and by curation, found by its key and by its start.
CREATE CONSTRAINT link_conflict_key IF NOT EXISTS FOR (n:LinkConflict) REQUIRE n.key IS UNIQUE;
CREATE INDEX link_conflict_from IF NOT EXISTS FOR (n:LinkConflict) ON (n.from);
