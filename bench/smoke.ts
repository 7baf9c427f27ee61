/**
 * The benchmark's smoke test: starts a Neo4j of its own (.neo4j/bench-smoke, a free port)
 * with the seed graph, the three servers (floor, service, neo4jGraphql), draws a pool of 20,
 * sends each shape's first 5 requests to each server, checks every answer, and compares the
 * service's and the floor's data (which must be the same JSON). Prints a table; exits 1 when
 * any check fails.
 *
 *   npx tsc -p tsconfig.bench.json && node dist/bench/smoke.js
 *
 * With NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD) set, it uses that database instead and
 * loads the seed graph into it.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import neo4j from 'neo4j-driver';
import { CypherCatalog } from '../src/db/cypher/catalog';
import { Database } from '../src/db/driver/database';
import { migrate } from '../src/db/driver/migrations';
import { waitForDatabase } from '../src/db/driver/readiness';
import { ingest } from '../src/ingest/ingest';
import { ensureLocalNeo4j, localNeo4jPid, stopLocalNeo4j } from '../src/neo4j-server/localServer';
import { projectRoot } from '../src/projectRoot';
import { buildPool } from './pool';
import { freePort, spawnServer, type RunningBenchServer } from './processes';
import { SHAPES } from './shapes';
import type { BenchRequest, ServerKind, ShapeName } from './types';

const KINDS: readonly ServerKind[] = ['floor', 'service', 'neo4jGraphql'];
const POOL_SIZE = 20;
const REQUESTS_PER_SHAPE = 5;
/** The shapes whose service and floor answers must be the very same JSON. */
const MUST_MATCH: readonly ShapeName[] = ['organisationProfile', 'projectsBenefiting'];

const log = (message: string) => process.stderr.write(`[smoke] ${message}\n`);

interface Neo4jTarget {
  uri: string;
  user: string;
  password: string;
  /** Stops the database when the smoke started it. */
  stop(): Promise<void>;
}

async function startNeo4j(): Promise<Neo4jTarget> {
  if (process.env.NEO4J_URI) {
    return { uri: process.env.NEO4J_URI, user: process.env.NEO4J_USER ?? 'neo4j', password: process.env.NEO4J_PASSWORD ?? '', stop: async () => {} };
  }
  const home = path.join(projectRoot(), '.neo4j', 'bench-smoke');
  // A server left behind by an interrupted run listens on a port of its own: start afresh.
  if (localNeo4jPid(home) !== null) await stopLocalNeo4j(home);
  rmSync(home, { recursive: true, force: true });
  const server = await ensureLocalNeo4j({ home, boltPort: await freePort(), heapMb: 1024, pageCacheMb: 256, log: (m) => log(`neo4j: ${m}`) });
  return {
    uri: server.uri,
    user: server.user,
    password: server.password,
    stop: async () => {
      await stopLocalNeo4j(home);
    },
  };
}

/** The JSON of an answer with every object's keys sorted, for comparing answers whatever their key order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = canonical((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

function dataOf(body: string): unknown {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null && 'data' in parsed ? canonical(parsed.data) : undefined;
  } catch {
    return undefined;
  }
}

/** Where two JSON values first differ, as a path and the two values there. */
function firstDifference(a: unknown, b: unknown, at = '$'): string | null {
  if (isDeepStrictEqual(a, b)) return null;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${at}: ${a.length} items vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const found = firstDifference(a[i], b[i], `${at}[${i}]`);
      if (found) return found;
    }
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`);
      if (found) return found;
    }
  }
  return `${at}: ${JSON.stringify(a)?.slice(0, 120)} vs ${JSON.stringify(b)?.slice(0, 120)}`;
}

async function send(server: RunningBenchServer, request: BenchRequest): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${server.url}${request.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: request.body,
    signal: AbortSignal.timeout(30_000),
  });
  const body = await response.text();
  return { status: response.status, body, ms: performance.now() - started };
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

async function main(): Promise<number> {
  const started = Date.now();
  const target = await startNeo4j();
  const servers: RunningBenchServer[] = [];
  const driver = neo4j.driver(target.uri, neo4j.auth.basic(target.user, target.password));
  try {
    const db = Database.connect({ uri: target.uri, user: target.user, password: target.password });
    try {
      await waitForDatabase(db);
      await migrate(db);
      await ingest(db, new CypherCatalog(), path.join(projectRoot(), 'data', 'seed'));
    } finally {
      await db.close();
    }
    log(`Neo4j ready at ${target.uri} with the seed graph`);

    const common = { NEO4J_URI: target.uri, NEO4J_USER: target.user, NEO4J_PASSWORD: target.password };
    const envs: Record<ServerKind, Record<string, string>> = {
      floor: common,
      neo4jGraphql: common,
      service: { ...common, RATE_LIMIT_PER_MINUTE: '0', SEED_DATA: 'data/seed' },
    };
    const started3 = await Promise.all(KINDS.map((kind) => spawnServer(kind, envs[kind], { log: (line) => (process.env.SMOKE_VERBOSE ? log(`${kind}: ${line}`) : undefined) })));
    servers.push(...started3);
    const byKind = new Map(started3.map((s) => [s.kind, s]));
    for (const s of started3) log(`${s.kind} at ${s.url} (pid ${s.pid})`);

    const pool = await buildPool(driver, POOL_SIZE);
    log(
      `pool: ${pool.organisationIds.length} organisations, ${pool.beneficiaryIds.length} beneficiaries, ${pool.searchTerms.length} search terms, ` +
        `${pool.pathPairs.length} path pairs, ${pool.countryIds.length} countries`,
    );

    const failures: string[] = [];
    const rows: string[][] = [];
    const mismatches: string[] = [];
    for (const shape of SHAPES) {
      const row: string[] = [shape.name];
      const answers = new Map<ServerKind, unknown[]>();
      for (const kind of KINDS) {
        const server = byKind.get(kind);
        if (!server) throw new Error(`no ${kind} server`);
        let ok = 0;
        let ms = 0;
        let bytes = 0;
        const data: unknown[] = [];
        for (let i = 0; i < REQUESTS_PER_SHAPE; i++) {
          const request = shape.request(kind, pool, i);
          const answer = await send(server, request);
          const problem = shape.check(kind, answer.status, answer.body);
          ms += answer.ms;
          bytes += Buffer.byteLength(answer.body);
          data.push(dataOf(answer.body));
          if (problem === null) ok++;
          else failures.push(`${shape.name} / ${kind} / request ${i} ${request.body.slice(0, 160)}: ${problem}`);
        }
        answers.set(kind, data);
        row.push(`${ok}/${REQUESTS_PER_SHAPE} ok ${(ms / REQUESTS_PER_SHAPE).toFixed(1)}ms ${Math.round(bytes / REQUESTS_PER_SHAPE)}B`);
      }
      const service = answers.get('service') ?? [];
      const floor = answers.get('floor') ?? [];
      let same = 0;
      for (let i = 0; i < REQUESTS_PER_SHAPE; i++) {
        const difference = firstDifference(service[i], floor[i]);
        if (difference === null) same++;
        else {
          const message = `${shape.name} request ${i}: service vs floor differ at ${difference}`;
          mismatches.push(message);
          if (MUST_MATCH.includes(shape.name)) failures.push(message);
        }
      }
      row.push(`${same}/${REQUESTS_PER_SHAPE}`);
      rows.push(row);
    }

    const header = ['shape', ...KINDS, 'service = floor'];
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
    const line = (cells: string[]) => cells.map((cell, c) => pad(cell, widths[c] ?? 0)).join(' | ');
    console.log(line(header));
    console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
    for (const row of rows) console.log(line(row));
    if (mismatches.length > 0) {
      console.log('\nservice vs floor differences:');
      for (const m of mismatches) console.log(`  ${m}`);
    }
    if (failures.length > 0) {
      console.log(`\n${failures.length} failed check(s):`);
      for (const f of failures) console.log(`  ${f}`);
    }
    console.log(`\nsmoke ${failures.length === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    return failures.length === 0 ? 0 : 1;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await driver.close();
    await target.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
