// Full-text search over names, acronyms, aliases and descriptions of every entity type.
// The standard-folding analyzer folds diacritics, so "Turkiye" finds "Türkiye".
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS
FOR (n:Organisation|Project|Country|LegalFramework|Person)
ON EACH [n.name, n.acronym, n.aliasesText, n.description]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-folding' } };
