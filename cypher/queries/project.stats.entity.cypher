// Projects matching a filter, grouped by the {{LABEL}} at the end of their {{TYPE}} ties (a
// fixed label and relationship type): how many per group, and their budgets summed per
// currency (in currency order). Projects with no such entity form one group. Of each group's
// entity only the properties the answer shows are read ({{PROPS}}, a projection of n0). One
// row, the groups as a list of lists in the order of the answer (most projects first, then
// key): Bolt repeats a map's keys and a record's framing for every group, a list of lists
// neither, and a country can have hundreds of donors.
{{PROJECTS}} WHERE {{WHERE}}
OPTIONAL MATCH (p)-[:{{TYPE}}]->(n0:{{LABEL}})
WITH n0, collect(DISTINCT p) AS projects
CALL (projects) {
  UNWIND projects AS q
  WITH q.budgetCurrency AS currency, sum(q.budgetAmount) AS amount
  WHERE currency IS NOT NULL
  WITH currency, amount ORDER BY currency
  RETURN collect([currency, amount]) AS budget
}
WITH CASE WHEN n0 IS NULL THEN null ELSE n0.id END AS key, n0, size(projects) AS count, budget
ORDER BY count DESC, key
RETURN collect([key, CASE WHEN n0 IS NULL THEN null ELSE {{PROPS}} END, CASE WHEN n0 IS NULL THEN [] ELSE labels(n0) END, count, budget]) AS groups
