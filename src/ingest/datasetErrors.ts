/** One problem in a dataset, located by file, entry and field. */
export interface DatasetIssue {
  file: string;
  /** e.g. `projects[3]` */
  entry: string;
  /** The entry's id, where it has one. */
  id?: string;
  /** e.g. `fundedBy.0.evidence.0.excerpt` */
  field: string;
  message: string;
}

export function formatIssue(issue: DatasetIssue): string {
  const id = issue.id ? ` (${issue.id})` : '';
  const field = issue.field ? ` ${issue.field}:` : '';
  return `${issue.file}: ${issue.entry}${id}:${field} ${issue.message}`;
}

/** A dataset that cannot be loaded; nothing was written. */
export class DatasetError extends Error {
  override name = 'DatasetError';
  constructor(readonly issues: DatasetIssue[]) {
    super(`The dataset has ${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing was loaded:\n${issues.map((i) => `  - ${formatIssue(i)}`).join('\n')}`);
  }
}
