// An entity by id, with everything its root field's selection reads beyond it folded into this
// one statement: {{FOLD}} is a map of COLLECT and COUNT subqueries (its relationship fields,
// pages of projects and evidence, and theirs, level by level), rendered by src/db/cypher/fold.ts
// from the fixed relationship patterns, the project filter compiler and the order maps. The
// answers are those the DataLoaders would give, key by key (graphql/fold.ts hands them over).
MATCH (n0:Entity {id: $id})
RETURN {{PROPS}} AS props, labels(n0) AS labels, {{FOLD}} AS fold
