// Fuzzy lookups of an entity by its names only (name, acronym, aliases; not descriptions), for
// the name resolver's second phase: typed names such as "Nethrlands" reach their candidates
// through Lucene fuzzy terms on this index, never by reading every entity.
// standard-folding folds diacritics and the dotless i as normaliseName does.
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS
FOR (n:Organisation|Project|Country|LegalFramework|Person)
ON EACH [n.name, n.acronym, n.aliasesText]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-folding' } };
