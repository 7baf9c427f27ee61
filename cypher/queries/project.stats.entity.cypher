// Projects matching a filter, grouped by the {{LABEL}} at the end of their {{TYPE}} ties (a
// fixed label and relationship type): how many per group, and their budgets summed per
// currency. Projects with no such entity form one group. Of each group's entity only the
// properties the answer shows are read ({{PROPS}}, a projection of n0).
{{PROJECTS}} WHERE {{WHERE}}
OPTIONAL MATCH (p)-[:{{TYPE}}]->(n0:{{LABEL}})
WITH n0, collect(DISTINCT p) AS projects
CALL (projects) {
  UNWIND projects AS q
  WITH q.budgetCurrency AS currency, sum(q.budgetAmount) AS amount
  WHERE currency IS NOT NULL
  RETURN collect({currency: currency, amount: amount}) AS budget
}
RETURN CASE WHEN n0 IS NULL THEN null ELSE n0.id END AS key,
       CASE WHEN n0 IS NULL THEN null ELSE {{PROPS}} END AS props,
       CASE WHEN n0 IS NULL THEN [] ELSE labels(n0) END AS labels,
       size(projects) AS count,
       budget
ORDER BY count DESC, key
