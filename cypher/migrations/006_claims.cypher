// Claims and curation that survive reloads (data/README.md, "Claims"): a merged-away entity's id
// redirects to the entity kept (Redirect.from, not .id, so that no node but the entity bears an id); the claims of a relationship that no origin asserts any more
// (a curated unlink) are kept on a LinkClaims node, so that a reload does not bring it back;
// each loaded dataset file records its content hash, so that start-up skips unchanged files.
CREATE CONSTRAINT redirect_from IF NOT EXISTS FOR (n:Redirect) REQUIRE n.from IS UNIQUE;
CREATE INDEX redirect_to IF NOT EXISTS FOR (n:Redirect) ON (n.to);
CREATE CONSTRAINT link_claims_key IF NOT EXISTS FOR (n:LinkClaims) REQUIRE n.key IS UNIQUE;
CREATE INDEX link_claims_from IF NOT EXISTS FOR (n:LinkClaims) ON (n.from);
CREATE INDEX link_claims_to IF NOT EXISTS FOR (n:LinkClaims) ON (n.to);
CREATE CONSTRAINT dataset_file_path IF NOT EXISTS FOR (n:DatasetFile) REQUIRE n.path IS UNIQUE;
