import { toPlain } from '../conversions';
import type { QueryRunner } from '../driver/queryRunner';
import { everyPage } from './paging';

/** Organisations labelled at a time when a load ends. */
export const DONOR_LABEL_PAGE = 20_000;

/**
 * Sets the :Donor label on every organisation some project is FUNDED_BY, and takes it from
 * those no project is, a page of organisations per transaction (ingest.donors.page): what ends
 * a bulk load and an import, so that 300,000 organisations (a million projects) are fifteen
 * short transactions. Returns how many labels changed. A curation, which writes a few
 * organisations in its own transaction, runs ingest.donors there instead.
 */
export function refreshAllDonorLabels(runner: QueryRunner, pageSize = DONOR_LABEL_PAGE): Promise<number> {
  return everyPage(async (after) => {
    const rows = await runner.write((tx) => tx.run('ingest.donors.page', { after, limit: pageSize }));
    const row = rows[0];
    const read = Number(toPlain(row?.read ?? 0));
    const last = toPlain(row?.last ?? null);
    return { changed: Number(toPlain(row?.changed ?? 0)), last: read < pageSize || typeof last !== 'string' ? null : last };
  });
}
