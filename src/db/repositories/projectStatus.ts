import { toPlain } from '../conversions';
import type { NamedQueryTransaction } from '../driver/queryRunner';
import { isProjectStatus } from '../../domain/entities';
import { deriveStatus } from '../../domain/projectStatus';

/** Projects read (and their changes written) at a time: what a refresh holds in memory at most. */
export const STATUS_REFRESH_PAGE = 10_000;

/**
 * Refreshes the derived status of projects (src/domain/projectStatus.ts) as of `today`
 * (YYYY-MM-DD): every project when `ids` is null (start-up, after a load), or the projects a
 * curation wrote. The rule lives in the domain; this reads the dates a page at a time (so a
 * million projects never sit in memory at once), applies it and writes back only what
 * changed, so a refresh of an unchanged graph writes nothing. Returns how many projects changed.
 */
export async function refreshDerivedStatuses(tx: NamedQueryTransaction, today: string, ids: readonly string[] | null = null, pageSize = STATUS_REFRESH_PAGE): Promise<number> {
  let after = '';
  let total = 0;
  for (;;) {
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
    total += changed.length;
    const last = rows[rows.length - 1];
    if (rows.length < pageSize || !last) return total;
    after = String(toPlain(last.id));
  }
}
