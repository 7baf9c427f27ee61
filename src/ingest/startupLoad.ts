import { existsSync } from 'node:fs';
import type { CypherCatalog } from '../db/cypher/catalog';
import { newQueryStats, type Database } from '../db/driver/database';
import { createRepositories } from '../db/repositories';
import { refreshAllDerivedStatuses } from '../db/repositories/projectStatus';
import { QueryRunner } from '../db/driver/queryRunner';
import { todayUtc } from '../domain/projectStatus';
import type { OverlayReport } from '../db/repositories/curationRepository';
import { formatReport, ingest, type IngestResult } from './ingest';
import { readOverlay } from './overlay';

export interface StartupLoadOptions {
  /** The seed dataset (config.seedPath); null loads none. */
  seedPath: string | null;
  /** Other datasets loaded after the seed, as the seed is (changed files only). */
  datasets?: readonly string[];
  /** The curation overlay folder (data/curated), read after the seed when it exists. */
  curatedPath?: string | null;
  /** Where the source documents are, to check excerpts. */
  documentsDir?: string;
  log: (message: string) => void;
  /** The day statuses are derived for (YYYY-MM-DD); today (UTC) unless given. */
  today?: string;
}

export interface StartupLoadResult {
  seed: IngestResult | null;
  overlay: OverlayReport | null;
}

/**
 * What `npm start` loads before it serves, and what the restart tests run: the curation
 * overlay's redirects (so that the seed's entries under a merged-away id join the kept
 * entity), then the seed's changed files only (a file whose content hash the graph records is
 * skipped), then the overlay's curated claims. No step removes or overwrites a curated claim,
 * so a restart keeps every curation; each step is one transaction, so a kill part-way loses
 * nothing committed before it.
 */
export async function loadAtStartup(db: Database, catalog: CypherCatalog, options: StartupLoadOptions): Promise<StartupLoadResult> {
  const curation = createRepositories(db, catalog, newQueryStats()).curation;
  const overlay = options.curatedPath && existsSync(options.curatedPath) ? readOverlay(options.curatedPath) : null;
  if (overlay && overlay.redirects.length > 0) await curation.applyRedirects(overlay.redirects);

  let seed: IngestResult | null = null;
  const targets = [...(options.seedPath ? [options.seedPath] : []), ...(options.datasets ?? [])];
  for (const target of targets) {
    const result = await ingest(db, catalog, target, { onlyChanged: true, documentsDir: options.documentsDir });
    if (target === options.seedPath) seed = result;
    const what = target === options.seedPath ? 'seed graph' : 'dataset';
    if (result.loaded.length === 0) {
      options.log(`${what} from ${target}: unchanged, skipped (${result.skipped.length} files: ${result.skipped.join(', ')})`);
    } else {
      const skipped = result.skipped.length > 0 ? `; skipped, unchanged: ${result.skipped.join(', ')}` : '';
      options.log(`${what} from ${target}: loaded ${result.loaded.join(', ')}${skipped}\n${formatReport(result.report)}`);
    }
  }

  let applied: OverlayReport | null = null;
  if (overlay) {
    applied = await curation.applyOverlay(overlay);
    options.log(
      `curation overlay from ${options.curatedPath}: ${overlay.redirects.length} redirects, ${applied.entities} entities and ${applied.links} relationships changed, ${overlay.events.length} audit events (${overlay.entities.length + overlay.links.length} curated elements in the overlay)`,
    );
  }
  // A restart on a later day may find projects whose stated end has passed since: every start-up
  // derives the statuses again (a read of every project's dates; writes only what changed).
  const changed = await refreshAllDerivedStatuses(new QueryRunner(db, catalog), options.today ?? todayUtc());
  if (changed > 0) options.log(`derived statuses: ${changed} projects changed as of ${options.today ?? todayUtc()}`);
  return { seed, overlay: applied };
}

/** How often a running server derives the statuses again, so that a project whose stated end passes while it runs changes on the day. */
export const STATUS_REFRESH_MS = 60 * 60 * 1000;

/**
 * Derives the projects' statuses again every `everyMs` while the server runs (a read of the
 * projects' dates; writes only what changed, so nothing at all on most runs). Returns the
 * function that stops it. The timer does not keep the process alive; `clock` gives the day
 * (today in UTC; the tests give their own).
 */
export function scheduleStatusRefresh(db: Database, catalog: CypherCatalog, log: (message: string) => void, everyMs = STATUS_REFRESH_MS, clock: () => string = todayUtc): () => void {
  const timer = setInterval(() => {
    const today = clock();
    refreshAllDerivedStatuses(new QueryRunner(db, catalog), today)
      .then((changed) => {
        if (changed > 0) log(`derived statuses: ${changed} projects changed as of ${today}`);
      })
      .catch((error: unknown) => log(`derived statuses: refresh failed (${error instanceof Error ? error.message : String(error)}); retried in ${Math.round(everyMs / 60000)} minutes`));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
