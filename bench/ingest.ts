/**
 * The ingestion benchmark alone: a Neo4j of its own (.neo4j/bench-ingest), a synthetic graph of
 * N projects loaded in bulk through the ingestion path (every check on), the rates printed and
 * written as JSON. The full benchmark (bench/run.ts) measures the same load before its query
 * runs; this one is for iterating on the load without waiting for them.
 *
 *   npm run bench:ingest -- --projects 100000 [--import] [--batch-size B] [--check-workers W] [--out FILE]
 *
 * NEO4J_HEAP_MB and NEO4J_PAGECACHE_MB size its Neo4j (2048 and 1024, as bench/run.ts).
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CypherCatalog } from '../src/db/cypher/catalog';
import { Database } from '../src/db/driver/database';
import { migrate } from '../src/db/driver/migrations';
import { waitForDatabase } from '../src/db/driver/readiness';
import { readDataset } from '../src/ingest/readDataset';
import { ensureLocalNeo4j, localNeo4jPid, neo4jVersion, stopLocalNeo4j } from '../src/neo4j-server/localServer';
import { projectRoot } from '../src/projectRoot';
import { importSynthGraph } from '../src/synth/import';
import { loadSynthGraph, type SynthLoadResult } from '../src/synth/load';
import { freePort } from './processes';

interface IngestBenchOptions {
  projects: number;
  importTool: boolean;
  batchSize: number | undefined;
  /** Worker threads for the checks (the loads' defaults when undefined; 0: on the main thread). */
  checkWorkers: number | undefined;
  out: string | null;
}

const USAGE = 'Usage: npm run bench:ingest -- [--projects N] [--import] [--batch-size B] [--check-workers W] [--out FILE]';

function parseArgs(argv: readonly string[]): IngestBenchOptions {
  const options: IngestBenchOptions = { projects: 10_000, importTool: false, batchSize: undefined, checkWorkers: undefined, out: null };
  const whole = (flag: string, raw: string | undefined, least = 1): number => {
    const value = Number(raw);
    if (raw === undefined || raw.trim() === '' || !Number.isInteger(value) || value < least) throw new Error(`${flag} needs a whole number of at least ${least}; got "${raw ?? ''}".\n${USAGE}`);
    return value;
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--projects') options.projects = whole(arg, argv[++i]);
    else if (arg === '--batch-size') options.batchSize = whole(arg, argv[++i]);
    else if (arg === '--check-workers') options.checkWorkers = whole(arg, argv[++i], 0);
    else if (arg === '--import') options.importTool = true;
    else if (arg === '--out') options.out = path.resolve(argv[++i] ?? '');
    else throw new Error(`Unknown option ${arg ?? ''}.\n${USAGE}`);
  }
  return options;
}

/** The commit measured (with "+changes" when the work tree differs from it), or null outside git. */
function gitCommit(): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: projectRoot(), encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: projectRoot(), encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head}+changes` : head;
  } catch {
    return null;
  }
}

const log = (message: string) => process.stderr.write(`[bench:ingest] ${message}\n`);

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const home = path.join(projectRoot(), '.neo4j', 'bench-ingest');
  if (localNeo4jPid(home) !== null) await stopLocalNeo4j(home);
  rmSync(home, { recursive: true, force: true });
  const memory = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
  const server = { home, boltPort: await freePort(), heapMb: memory('NEO4J_HEAP_MB', 2048), pageCacheMb: memory('NEO4J_PAGECACHE_MB', 1024), log: (m: string) => log(`neo4j: ${m}`) };
  const seedCountries = readDataset(path.join(projectRoot(), 'data', 'seed')).countries.map((c) => c.entry.isoCode);
  let lastShown = 0;
  const onProgress = (p: { projectsDone: number; projects: number; rowsDone: number; elapsedMs: number }) => {
    if (performance.now() - lastShown < 5_000) return;
    lastShown = performance.now();
    log(`  ${p.projectsDone}/${p.projects} projects, ${p.rowsDone} rows, ${Math.round(p.rowsDone / (p.elapsedMs / 1000))} rows/s`);
  };
  let result: SynthLoadResult;
  try {
    if (options.importTool) {
      result = await importSynthGraph({ projects: options.projects, reservedCountryCodes: seedCountries, server, log, onProgress, checkWorkers: options.checkWorkers });
    } else {
      const neo = await ensureLocalNeo4j(server);
      const db = Database.connect({ uri: neo.uri, user: neo.user, password: neo.password, maxTransactionRetryTimeMs: 30_000 });
      try {
        await waitForDatabase(db);
        await migrate(db);
        result = await loadSynthGraph(db, new CypherCatalog(), { projects: options.projects, reservedCountryCodes: seedCountries, batchSize: options.batchSize, onProgress, checkWorkers: options.checkWorkers });
      } finally {
        await db.close();
      }
    }
  } finally {
    await stopLocalNeo4j(home);
  }
  const figures = {
    at: new Date().toISOString(),
    neo4j: neo4jVersion(),
    commit: gitCommit(),
    machine: { cpus: os.cpus().length, memoryGB: Math.round(os.totalmem() / 2 ** 30), loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100) },
    mode: options.importTool ? 'neo4j-admin database import full (empty database)' : 'transactional bulk load',
    checkWorkers: result.checkWorkers ?? null,
    scale: { ...result.scale, nodes: result.nodes, relationships: result.relationships },
    ingest: { nodesPerSec: result.nodesPerSec, relsPerSec: result.relsPerSec, recordsPerSec: result.recordsPerSec, seconds: Math.round(result.ms / 100) / 10, phases: result.phases },
  };
  log(
    `${figures.mode}: ${result.nodes} nodes, ${result.relationships} relationships in ${figures.ingest.seconds} s; ` +
      `${result.nodesPerSec} nodes/s, ${result.relsPerSec} relationships/s, ${result.recordsPerSec} records/s overall`,
  );
  console.log(JSON.stringify(figures, null, 2));
  if (options.out) writeFileSync(options.out, `${JSON.stringify(figures, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  // The service's errors keep Neo4j's in `cause`: the benchmark is run by the developer, who needs it.
  for (let cause = error instanceof Error ? error.cause : undefined; cause !== undefined; cause = cause instanceof Error ? cause.cause : undefined) {
    console.error('Caused by:', cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause));
  }
  process.exit(1);
});
