import { toPlain } from '../conversions';
import type { NamedQueryTransaction, QueryRunner } from '../driver/queryRunner';
import { isProjectStatus } from '../../domain/entities';
import { deriveStatus } from '../../domain/projectStatus';
import { everyPage, type PageDone } from './paging';

/** Projects read (and their changes written) at a time: what a refresh holds in memory at most. */
export const STATUS_REFRESH_PAGE = 10_000;

/**
 * Refreshes the derived status of projects (src/domain/projectStatus.ts) as of `today`
 * (YYYY-MM-DD), within the caller's transaction: the projects a curation wrote (`ids`), or
 * every project when null. The rule lives in the domain; this reads the dates a page at a time
 * (so a million projects never sit in memory at once), applies it and writes back only what
 * changed, so a refresh of an unchanged graph writes nothing. Returns how many projects changed.
 * A refresh of every project outside a curation is refreshAllDerivedStatuses.
 */
export function refreshDerivedStatuses(tx: NamedQueryTransaction, today: string, ids: readonly string[] | null = null, pageSize = STATUS_REFRESH_PAGE): Promise<number> {
  return everyPage((after) => refreshPage(tx, today, ids, after, pageSize));
}

/**
 * Refreshes every project's derived status as refreshDerivedStatuses does, each page in a
 * transaction of its own (start-up, after a load, the hourly refresh): a million projects are a
 * hundred short transactions, none near the transaction timeout, and a refresh cut short leaves
 * the pages before it done (running it again finishes it).
 */
export function refreshAllDerivedStatuses(runner: QueryRunner, today: string, pageSize = STATUS_REFRESH_PAGE): Promise<number> {
  return everyPage((after) => runner.write((tx) => refreshPage(tx, today, null, after, pageSize)));
}

/** One page after `after`: how many changed, and the last id read (null when it was the last page). */
async function refreshPage(tx: NamedQueryTransaction, today: string, ids: readonly string[] | null, after: string, pageSize: number): Promise<PageDone> {
  const rows = await tx.run('project.status.current', { ids: ids === null ? null : [...ids], after, limit: pageSize });
  const changed: Array<{ id: string; derivedStatus: string | null; statusBasis: string | null }> = [];
  for (const row of rows) {
    const stated = toPlain(row.status);
    const start = toPlain(row.startDate);
    const end = toPlain(row.endDate);
    const derived = deriveStatus(isProjectStatus(stated) ? stated : null, typeof start === 'string' ? start : null, typeof end === 'string' ? end : null, today);
    if (toPlain(row.derivedStatus) !== derived.status || toPlain(row.statusBasis) !== derived.basis) {
      changed.push({ id: String(row.id), derivedStatus: derived.status, statusBasis: derived.basis });
    }
  }
  if (changed.length > 0) await tx.run('project.status.write', { rows: changed });
  const last = rows[rows.length - 1];
  return { changed: changed.length, last: rows.length < pageSize || !last ? null : String(toPlain(last.id)) };
}
