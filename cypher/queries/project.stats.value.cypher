// Projects matching a filter, grouped by a value of their own ({{KEY}}: status or start
// year): how many per group, and their budgets summed per currency.
{{PROJECTS}} WHERE {{WHERE}}
WITH {{KEY}} AS key, collect(p) AS projects
CALL (projects) {
  UNWIND projects AS q
  WITH q.budgetCurrency AS currency, sum(q.budgetAmount) AS amount
  WHERE currency IS NOT NULL
  RETURN collect({currency: currency, amount: amount}) AS budget
}
RETURN key, size(projects) AS count, budget
ORDER BY key
