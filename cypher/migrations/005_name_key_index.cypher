// Exact lookups of an entity by any of its names: a full-text index with the keyword analyzer
// over the nameKeys list (each normalised name, acronym and alias is one term), so that a
// filter such as projects(filter: {benefits: "DGMM"}) starts from an index, not a label scan.
CREATE FULLTEXT INDEX entity_name_keys IF NOT EXISTS
FOR (n:Organisation|Project|Country|LegalFramework|Person)
ON EACH [n.nameKeys]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'keyword' } };
