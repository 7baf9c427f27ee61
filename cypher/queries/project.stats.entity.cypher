// Projects matching a filter, grouped by the {{LABEL}} at the end of their {{TYPE}} ties (a
// fixed label and relationship type): how many per group, and their budgets summed per
// currency. Projects with no such entity form one group.
{{PROJECTS}} WHERE {{WHERE}}
OPTIONAL MATCH (p)-[:{{TYPE}}]->(g:{{LABEL}})
WITH g, collect(DISTINCT p) AS projects
CALL (projects) {
  UNWIND projects AS q
  WITH q.budgetCurrency AS currency, sum(q.budgetAmount) AS amount
  WHERE currency IS NOT NULL
  RETURN collect({currency: currency, amount: amount}) AS budget
}
RETURN CASE WHEN g IS NULL THEN null ELSE g.id END AS key,
       CASE WHEN g IS NULL THEN null ELSE {{ENTITY g}} END AS props,
       CASE WHEN g IS NULL THEN [] ELSE labels(g) END AS labels,
       size(projects) AS count,
       budget
ORDER BY count DESC, key
