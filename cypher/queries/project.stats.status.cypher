// Projects matching a filter, grouped by status: how many per group, and their budgets
// summed per currency, by the status today (derivedStatus; the stated one where none is stored).
// Projects with no status form the group '(none)'.
{{PROJECTS}} WHERE {{WHERE}}
WITH coalesce(p.derivedStatus, p.status, '(none)') AS key, collect(p) AS projects
CALL (projects) {
  UNWIND projects AS q
  WITH q.budgetCurrency AS currency, sum(q.budgetAmount) AS amount
  WHERE currency IS NOT NULL
  RETURN collect({currency: currency, amount: amount}) AS budget
}
RETURN key, size(projects) AS count, budget
ORDER BY key
