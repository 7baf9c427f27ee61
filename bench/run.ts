/**
 * `npm run bench`: what our GraphQL layer costs over the database, side by side with the
 * library a user would otherwise pick, measured in one run on the same Neo4j and data.
 *
 *   1. A Neo4j of its own (.neo4j/bench, a free port, started afresh), migrated, with a
 *      synthetic graph loaded in bulk through the ingestion path (ingestion rates measured).
 *   2. Four servers as child processes: floor (one hand-written Cypher query per shape over
 *      neo4j-driver), service (this project, response cache off), serviceCached (this project
 *      with its response cache on) and neo4jGraphql (@neo4j/graphql under Apollo Server).
 *   3. A pool of parameters drawn from the graph, so that consecutive requests ask for
 *      different things and only the response cache, when on, can answer from memory.
 *   4. For every shape: Cypher queries per request of the service (extensions.db), then for
 *      each connection count (1, 10, 50) and server, a warm-up and an autocannon run in which
 *      every answer is checked (non-2xx, GraphQL errors and wrong data count as errors).
 *   5. A table on stdout; JSON in bench/results/latest.json (--quick: bench/results/quick.json).
 *
 * Options: --quick (1,000 projects, 1 s runs: keeps the harness working in under 3 minutes),
 * --projects N, --duration S, --warmup S, --connections 1,10,50, --pool N, --shapes a,b,
 * --reuse, --out FILE. NEO4J_HEAP_MB and NEO4J_PAGECACHE_MB size its Neo4j (2048 and 1024).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import neo4j from 'neo4j-driver';
import { CypherCatalog } from '../src/db/cypher/catalog';
import { Database } from '../src/db/driver/database';
import { migrate } from '../src/db/driver/migrations';
import { waitForDatabase } from '../src/db/driver/readiness';
import { commandLineReport, ServiceError } from '../src/errors';
import { readDataset } from '../src/ingest/readDataset';
import { ensureLocalNeo4j, localNeo4jPid, neo4jVersion, stopLocalNeo4j } from '../src/neo4j-server/localServer';
import { projectRoot } from '../src/projectRoot';
import { importSynthGraph } from '../src/synth/import';
import { loadSynthGraph, type SynthLoadResult, type SynthProgress } from '../src/synth/load';
import { buildPool } from './pool';
import { freePort, spawnServer, type RunningBenchServer } from './processes';
import { SHAPES } from './shapes';
import type { Pool, ServerKind, Shape } from './types';

/** The rows of the results: the three servers, and the service again with its response cache on. */
export const ROWS = ['floor', 'service', 'serviceCached', 'neo4jGraphql'] as const;
export type Row = (typeof ROWS)[number];
const KIND_OF: Record<Row, ServerKind> = { floor: 'floor', service: 'service', serviceCached: 'service', neo4jGraphql: 'neo4jGraphql' };
/** The connection count whose figures are the headline of each cell. */
export const HEADLINE_CONNECTIONS = 10;

export interface BenchOptions {
  quick: boolean;
  projects: number;
  durationSec: number;
  warmupSec: number;
  connections: number[];
  poolSize: number;
  out: string;
  /** Only these shapes (default: all). */
  shapes: string[] | null;
  /** Keep the previous run's Neo4j and graph when it holds the same number of projects (for iterating; its ingest figures are the earlier run's). */
  reuse: boolean;
  /** Load the graph with neo4j-admin database import (into the bench's empty database) instead of the transactional bulk load. */
  importTool: boolean;
}

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
}

export interface RowResult extends Figures {
  byConnections: Record<string, Figures>;
}

export type ShapeResult = Partial<Record<Row, RowResult>> & { queriesPerRequest: number };

export interface BenchResults {
  scale: SynthLoadResult['scale'] & { nodes: number; relationships: number };
  run: {
    date: string;
    quick: boolean;
    durationSec: number;
    warmupSec: number;
    connections: number[];
    headlineConnections: number;
    poolSize: number;
    machine: { cpus: number; memoryGB: number; node: string; platform: string };
    neo4j: string;
    totalSec: number;
  };
  shapes: Record<string, ShapeResult>;
  ingest: { nodesPerSec: number; relsPerSec: number; seconds: number; mode?: 'bulk' | 'import'; recordsPerSec?: number; phases?: Record<string, number> };
  serviceRssMB: number;
  rssMB: Record<Row, number>;
  errors: string[];
}

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

const USAGE = `Usage: npm run bench -- [--quick] [--projects N] [--duration S] [--warmup S] [--connections 1,10,50] [--pool N] [--shapes a,b] [--reuse] [--import] [--out FILE]`;

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const options: BenchOptions = {
    quick,
    projects: quick ? 1_000 : 10_000,
    durationSec: quick ? 1 : 5,
    warmupSec: quick ? 0.3 : 1,
    connections: [1, 10, 50],
    poolSize: quick ? 40 : 200,
    out: path.join(projectRoot(), 'bench', 'results', quick ? 'quick.json' : 'latest.json'),
    shapes: null,
    reuse: false,
    importTool: false,
  };
  const number = (flag: string, raw: string | undefined, min: number): number => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min) throw new Error(`${flag} needs a number of at least ${min}; got "${raw ?? ''}".\n${USAGE}`);
    return value;
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--quick') continue;
    else if (arg === '--projects') options.projects = Math.round(number(arg, argv[++i], 1));
    else if (arg === '--duration') options.durationSec = number(arg, argv[++i], 0.5);
    else if (arg === '--warmup') options.warmupSec = number(arg, argv[++i], 0);
    else if (arg === '--pool') options.poolSize = Math.round(number(arg, argv[++i], 1));
    else if (arg === '--out') options.out = path.resolve(argv[++i] ?? '');
    else if (arg === '--reuse') options.reuse = true;
    else if (arg === '--import') options.importTool = true;
    else if (arg === '--shapes') {
      const names = (argv[++i] ?? '').split(',');
      const unknown = names.filter((n) => !SHAPES.some((shape) => shape.name === n));
      if (unknown.length > 0) throw new Error(`Unknown shape(s) ${unknown.join(', ')}; the shapes are ${SHAPES.map((shape) => shape.name).join(', ')}.`);
      options.shapes = names;
    }
    else if (arg === '--connections') {
      options.connections = (argv[++i] ?? '').split(',').map((c) => Math.round(number('--connections', c, 1)));
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`Unknown option ${arg ?? ''}.\n${USAGE}`);
  }
  return options;
}

/** The peak resident set of a process (VmHWM), in MB; 0 where /proc is not there. */
export function peakRssMB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return match ? Math.round(Number(match[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** Cypher queries the service runs per request of a shape, from extensions.db, averaged over `samples` requests. */
async function queriesPerRequest(server: RunningBenchServer, shape: Shape, pool: Pool, samples: number): Promise<number> {
  let total = 0;
  for (let i = 0; i < samples; i += 1) {
    const request = shape.request('service', pool, i);
    const response = await fetch(`${server.url}${request.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: request.body });
    const body: unknown = await response.json();
    const queries = typeof body === 'object' && body !== null && 'extensions' in body ? (body.extensions as { db?: { queries?: unknown } }).db?.queries : undefined;
    if (typeof queries !== 'number') throw new Error(`The service did not report extensions.db.queries for ${shape.name}.`);
    total += queries;
  }
  return Math.round((total / samples) * 10) / 10;
}

/** One autocannon run of a shape against a server, every answer checked. */
async function load(server: RunningBenchServer, kind: ServerKind, shape: Shape, pool: Pool, connections: number, durationSec: number, problems: string[]): Promise<Figures> {
  let next = Math.floor(Math.random() * 1_000_000);
  let wrong = 0;
  const result = await autocannon({
    url: server.url,
    connections,
    duration: durationSec,
    timeout: 30,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const { path: requestPath, body } = shape.request(kind, pool, next);
          next += 1;
          return { ...request, path: requestPath, body };
        },
        onResponse: (status, body) => {
          const problem = shape.check(kind, status, body);
          if (problem !== null) {
            wrong += 1;
            if (problems.length < 50) problems.push(`${shape.name} / ${kind} / ${connections} connections: ${problem}`);
          }
        },
      },
    ],
  });
  // A non-2xx answer fails its check; connection errors and timeouts have no answer to check.
  const unanswered = result.errors + result.timeouts;
  if (unanswered > 0 && problems.length < 50) problems.push(`${shape.name} / ${kind} / ${connections} connections: ${result.errors} connection errors, ${result.timeouts} timeouts`);
  return {
    rps: Math.round(result.requests.average * 10) / 10,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: wrong + unanswered,
  };
}

function formatTable(results: BenchResults, options: BenchOptions): string {
  const lines: string[] = [];
  const cell = (f: Figures | undefined) => (f ? `${String(f.rps).padStart(7)} ${`${f.p50}/${f.p99}`.padStart(9)}${f.errors > 0 ? ` !${f.errors}` : ''}` : '-'.padStart(17));
  lines.push(`requests/s and p50/p99 latency (ms), per shape and connections; ${options.durationSec} s per run after ${options.warmupSec} s of warm-up`);
  lines.push(`${'shape'.padEnd(20)} ${'conn'.padStart(4)} ${ROWS.map((r) => r.padStart(17)).join(' ')}  cypher/req`);
  for (const [name, shape] of Object.entries(results.shapes)) {
    for (const c of options.connections) {
      const cells = ROWS.map((r) => cell(shape[r]?.byConnections[String(c)]).padStart(17));
      lines.push(`${name.padEnd(20)} ${String(c).padStart(4)} ${cells.join(' ')}  ${c === options.connections[0] ? shape.queriesPerRequest : ''}`);
    }
  }
  lines.push('');
  lines.push(`ingest: ${results.ingest.nodesPerSec} nodes/s, ${results.ingest.relsPerSec} relationships/s (${results.scale.nodes} nodes, ${results.scale.relationships} relationships in ${results.ingest.seconds} s)`);
  lines.push(`peak RSS (MB): ${ROWS.map((r) => `${r} ${results.rssMB[r]}`).join(', ')}`);
  return lines.join('\n');
}

/** A progress line at most every 10 s of a long load: projects done, rows, their rate and the time it still needs at that rate. */
function progressLog(what: string): (progress: SynthProgress) => void {
  let lastShown = 0;
  return (p) => {
    if (performance.now() - lastShown < 10_000 && p.projectsDone < p.projects) return;
    lastShown = performance.now();
    const seconds = p.elapsedMs / 1000;
    const left = p.projectsDone > 0 ? Math.round((seconds / p.projectsDone) * (p.projects - p.projectsDone)) : null;
    log(`  ${p.projectsDone}/${p.projects} projects ${what}, ${p.rowsDone} rows, ${Math.round(p.rowsDone / seconds)} rows/s${left === null ? '' : `, about ${left} s to go`}`);
  };
}

async function main(): Promise<number> {
  const options = parseBenchArgs(process.argv.slice(2));
  const started = Date.now();
  // The quick run keeps to a home of its own, so that it can run (in the test suite) beside a full one.
  const home = path.join(projectRoot(), '.neo4j', options.quick ? 'bench-quick' : 'bench');
  const marker = path.join(home, 'bench-graph.json');
  const reusable = options.reuse && existsSync(marker) && (JSON.parse(readFileSync(marker, 'utf8')) as SynthLoadResult).scale.projects === options.projects;
  if (!reusable) {
    if (localNeo4jPid(home) !== null) await stopLocalNeo4j(home);
    rmSync(home, { recursive: true, force: true });
  }
  const servers: Partial<Record<Row, RunningBenchServer>> = {};
  let stopping = false;
  const cleanUp = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.all(Object.values(servers).map((s) => s.stop()));
    if (!options.reuse) await stopLocalNeo4j(home);
  };
  process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));
  process.once('SIGTERM', () => void cleanUp().then(() => process.exit(143)));

  try {
    log(`${reusable ? 'reusing' : 'starting'} a Neo4j of its own in ${path.relative(projectRoot(), home)}`);
    const portFile = path.join(home, 'bench-port');
    const boltPort = reusable && existsSync(portFile) ? Number(readFileSync(portFile, 'utf8')) : await freePort();
    const memory = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
    const neoOptions = { home, boltPort, heapMb: memory('NEO4J_HEAP_MB', 2048), pageCacheMb: memory('NEO4J_PAGECACHE_MB', 1024), log: (m: string) => log(`neo4j: ${m}`) };
    const seedCountries = readDataset(path.join(projectRoot(), 'data', 'seed')).countries.map((c) => c.entry.isoCode);
    let imported: SynthLoadResult | null = null;
    if (!reusable && options.importTool) {
      log(`importing a synthetic graph of ${options.projects} projects with neo4j-admin database import`);
      imported = await importSynthGraph({ projects: options.projects, reservedCountryCodes: seedCountries, server: neoOptions, log, onProgress: progressLog('checked and written as import files') });
    }
    const neo = await ensureLocalNeo4j(neoOptions);
    writeFileSync(portFile, String(boltPort));
    let synth: SynthLoadResult;
    if (reusable) {
      synth = JSON.parse(readFileSync(marker, 'utf8')) as SynthLoadResult;
      log(`the graph of ${options.projects} projects is already loaded`);
    } else if (imported) {
      synth = imported;
      writeFileSync(marker, JSON.stringify(synth));
      log(`imported ${synth.nodes} nodes and ${synth.relationships} relationships: ${synth.recordsPerSec} records/s overall (${JSON.stringify(synth.phases)})`);
    } else {
      const db = Database.connect({ uri: neo.uri, user: neo.user, password: neo.password, maxTransactionRetryTimeMs: 30_000 });
      try {
        await waitForDatabase(db);
        await migrate(db);
        log(`loading a synthetic graph of ${options.projects} projects in bulk`);
        synth = await loadSynthGraph(db, new CypherCatalog(), { projects: options.projects, reservedCountryCodes: seedCountries, onProgress: progressLog('written') });
      } finally {
        await db.close();
      }
      writeFileSync(marker, JSON.stringify(synth));
      log(`loaded ${synth.nodes} nodes and ${synth.relationships} relationships: ${synth.nodesPerSec} nodes/s, ${synth.relsPerSec} relationships/s`);
    }

    // Every server runs as it is deployed (Dockerfile, docker-compose.yml): NODE_ENV=production,
    // which among other things spares graphql-js its development-time checks, for all three alike.
    const common = { NEO4J_URI: neo.uri, NEO4J_USER: neo.user, NEO4J_PASSWORD: neo.password, NODE_ENV: 'production' };
    const service = { ...common, GRAPHQL_QUERY_STATS: 'true', SEED_DATA: 'none', RATE_LIMIT_PER_MINUTE: '0', NEO4J_ACQUISITION_TIMEOUT_MS: '20000', NEO4J_MAX_RETRY_MS: '5000', HTTP_REQUEST_TIMEOUT_MS: '60000' };
    const envs: Record<Row, Record<string, string>> = {
      floor: common,
      service: { ...service, RESPONSE_CACHE: 'off' },
      serviceCached: { ...service, RESPONSE_CACHE: 'on' },
      neo4jGraphql: common,
    };
    for (const row of ROWS) {
      servers[row] = await spawnServer(KIND_OF[row], envs[row]);
      log(`${row} at ${servers[row]?.url}`);
    }

    const driver = neo4j.driver(neo.uri, neo4j.auth.basic(neo.user, neo.password));
    let pool: Pool;
    try {
      pool = await buildPool(driver, options.poolSize);
    } finally {
      await driver.close();
    }
    log(`pool: ${pool.organisationIds.length} organisations, ${pool.beneficiaryIds.length} beneficiaries, ${pool.searchTerms.length} terms, ${pool.pathPairs.length} path pairs, ${pool.countryIds.length} countries`);

    const problems: string[] = [];
    const shapes: Record<string, ShapeResult> = {};
    for (const shape of SHAPES.filter((sh) => options.shapes === null || options.shapes.includes(sh.name))) {
      const serviceServer = servers.service;
      if (!serviceServer) throw new Error('the service did not start');
      const result: ShapeResult = { queriesPerRequest: await queriesPerRequest(serviceServer, shape, pool, Math.min(20, options.poolSize)) };
      for (const row of ROWS) {
        const server = servers[row];
        if (!server) continue;
        const kind = KIND_OF[row];
        if (options.warmupSec > 0) await load(server, kind, shape, pool, HEADLINE_CONNECTIONS, options.warmupSec, []);
        const byConnections: Record<string, Figures> = {};
        for (const connections of options.connections) {
          byConnections[String(connections)] = await load(server, kind, shape, pool, connections, options.durationSec, problems);
        }
        const headline = byConnections[String(HEADLINE_CONNECTIONS)] ?? byConnections[String(options.connections[0])];
        if (!headline) continue;
        result[row] = { ...headline, byConnections };
        log(`${shape.name} / ${row}: ${options.connections.map((c) => `${c}c ${byConnections[String(c)]?.rps} rps`).join(', ')}`);
      }
      shapes[shape.name] = result;
    }

    const rssMB = Object.fromEntries(ROWS.map((row) => [row, peakRssMB(servers[row]?.pid ?? -1)])) as Record<Row, number>;
    const results: BenchResults = {
      scale: { ...synth.scale, nodes: synth.nodes, relationships: synth.relationships },
      run: {
        date: new Date().toISOString(),
        quick: options.quick,
        durationSec: options.durationSec,
        warmupSec: options.warmupSec,
        connections: options.connections,
        headlineConnections: HEADLINE_CONNECTIONS,
        poolSize: options.poolSize,
        machine: { cpus: os.cpus().length, memoryGB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.arch()}` },
        neo4j: neo4jVersion(),
        totalSec: Math.round((Date.now() - started) / 1000),
      },
      shapes,
      ingest: {
        nodesPerSec: synth.nodesPerSec,
        relsPerSec: synth.relsPerSec,
        seconds: Math.round(synth.ms / 100) / 10,
        mode: options.importTool ? 'import' : 'bulk',
        recordsPerSec: synth.recordsPerSec,
        ...(synth.phases ? { phases: synth.phases } : {}),
      },
      serviceRssMB: rssMB.service,
      rssMB,
      errors: problems,
    };
    mkdirSync(path.dirname(options.out), { recursive: true });
    writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(formatTable(results, options));
    if (problems.length > 0) {
      console.log(`\n${problems.length} wrong answer(s) (first ${Math.min(problems.length, 10)}):`);
      for (const p of problems.slice(0, 10)) console.log(`  ${p}`);
    }
    console.log(`\nwritten to ${path.relative(projectRoot(), options.out)} in ${results.run.totalSec} s`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    await cleanUp();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      // A ServiceError says what the database refused in its cause (code and message), which its stack alone does not.
      if (error instanceof ServiceError) log([...commandLineReport(error), error.stack ?? ''].join('\n'));
      else log(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(1);
    },
  );
}
