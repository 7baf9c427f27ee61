import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CypherCatalog } from '../../src/db/cypher/catalog';
import type { Database } from '../../src/db/driver/database';
import { ingest } from '../../src/ingest/ingest';
import { projectRoot } from '../../src/projectRoot';
import { hashApiKey } from '../../src/security/apiKeys';
import { curationWorld, writeFixture } from '../support/fixtures';
import { ADMIN, CURATOR, type TestKey } from '../support/testApi';
import { waitFor } from '../support/waitFor';
import { recordFigure } from '../support/figures';
import { connectTestDatabase, freePort, testDatabaseSettings, uniqueToken } from '../support/testDatabase';

/**
 * 50 clients for 60 seconds of mixed reads and authenticated writes against the real stack:
 * the start command (dist/src/main.js) in production mode, in its own process, over the
 * tests' Neo4j, on 127.0.0.1 only. No answer may be a 5xx, and every write the API
 * acknowledged must be in the graph afterwards.
 */
const CLIENTS = 50;
const DURATION_MS = 60_000;
/** A bound on each client's loop besides the deadline. */
const MAX_REQUESTS_PER_CLIENT = 20_000;

const token = uniqueToken();
const world = curationWorld(token);
const fixture = writeFixture(world.files, world.documents);
const project = `project:${token}-project`;
let db: Database;
let child: ChildProcess | undefined;
let output = '';
let base = '';

beforeAll(async () => {
  db = connectTestDatabase();
  await ingest(db, new CypherCatalog(), fixture.datasetDir, { documentsDir: fixture.documentsDir });
  const settings = testDatabaseSettings();
  const port = await freePort();
  child = spawn(process.execPath, [path.join(projectRoot(), 'dist', 'src', 'main.js')], {
    cwd: projectRoot(),
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEO4J_URI: settings.uri,
      NEO4J_PASSWORD: settings.password,
      HOST: '127.0.0.1',
      PORT: String(port),
      SEED_DATA: 'none',
      API_KEYS: [CURATOR, ADMIN].map((k) => `${k.name}:${k.role}:${hashApiKey(k.key)}`).join(','),
      // Its own limit, far above what 50 clients send: the limiter runs, and limits no one here.
      RATE_LIMIT_PER_MINUTE: '10000000',
      RATE_LIMIT_BURST: '1000000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  base = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${base}/readyz`)).status === 200, 60_000, `the API on ${base}\n${output}`);
}, 120_000);
afterAll(async () => {
  // The service's log, for a failure's causes (a DATABASE_ERROR's is logged, not answered).
  mkdirSync(path.join(projectRoot(), 'test-artifacts'), { recursive: true });
  writeFileSync(path.join(projectRoot(), 'test-artifacts', 'load-service.log'), output);
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await db.close();
});

interface Answer {
  status: number;
  body: { data?: unknown; errors?: unknown[] };
  text: string;
}

async function gql(query: string, variables?: Record<string, unknown>, key?: TestKey): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) headers.authorization = `Bearer ${key.key}`;
  const response = await fetch(`${base}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const text = await response.text();
  let body: Answer['body'] = {};
  try {
    body = JSON.parse(text) as Answer['body'];
  } catch {
    // Not JSON: counted as an error below through `text`.
  }
  return { status: response.status, body, text };
}

const READS: Array<{ query: string; variables?: Record<string, unknown> }> = [
  { query: '{ countries { id name } }' },
  { query: 'query($t: String) { projects(filter: { text: $t }, first: 10) { totalCount nodes { name fundedBy { name } } } }', variables: { t: token } },
  { query: 'query($q: String!) { search(query: $q, first: 5) { score entity { id name } } }', variables: { q: `${token} ministry` } },
  { query: 'query($id: ID!) { node(id: $id) { id ... on Project { name implementedBy { name } beneficiaries { name } } } }', variables: { id: project } },
  { query: 'query($n: String) { organisation(name: $n) { id name isDonor projectsFunded(first: 5) { totalCount } } }', variables: { n: `${token} Ministry` } },
];

const CREATE = 'mutation($input: CreateEntityInput!) { createEntity(input: $input) { entity { id } event { id } } }';
const LINK = 'mutation($input: LinkInput!) { link(input: $input) { linked event { id } } }';

interface Tally {
  requests: number;
  byStatus: Map<number, number>;
  errors: string[];
  created: string[];
  linked: string[];
}

async function client(n: number, deadline: number, tally: Tally): Promise<void> {
  const key: TestKey = n % 2 === 0 ? CURATOR : ADMIN;
  for (let i = 0; i < MAX_REQUESTS_PER_CLIENT && Date.now() < deadline; i++) {
    const kind = (n * 7 + i) % 10;
    let answer;
    let written: { created?: string; linked?: string } = {};
    if (kind < 8) {
      const read = READS[(n + i) % READS.length]!;
      answer = await gql(read.query, read.variables);
    } else if (kind === 8) {
      const id = `org:${token}-c${n}-${i}`;
      answer = await gql(CREATE, { input: { type: 'ORGANISATION', id, name: `${token} Load ${n} ${i}`, kind: 'FOUNDATION', evidence: { document: world.ref, excerpt: `Listed as grantee ${n}-${i}.` } } }, key);
      written = { created: id };
    } else {
      // Ties the client's latest organisation to the shared project: writes meet on one node.
      const latest = tally.created.filter((id) => id.startsWith(`org:${token}-c${n}-`)).at(-1);
      if (!latest) continue;
      answer = await gql(LINK, { input: { from: project, to: latest, type: 'PARTNERED_WITH', role: 'load', evidence: { document: world.ref, excerpt: `Partner ${latest}.` } } }, key);
      written = { linked: latest };
    }
    tally.requests += 1;
    tally.byStatus.set(answer.status, (tally.byStatus.get(answer.status) ?? 0) + 1);
    if (answer.status !== 200 || answer.body.errors) {
      tally.errors.push(`${answer.status} ${JSON.stringify(answer.body.errors?.[0] ?? answer.text.slice(0, 200))}`);
      continue;
    }
    if (written.created) tally.created.push(written.created);
    if (written.linked) tally.linked.push(written.linked);
  }
}

describe(`${CLIENTS} clients for ${DURATION_MS / 1000} s`, () => {
  it('get no 5xx, and every acknowledged write is in the graph afterwards', async () => {
    const tally: Tally = { requests: 0, byStatus: new Map(), errors: [], created: [], linked: [] };
    const started = Date.now();
    const deadline = started + DURATION_MS;
    await Promise.all(Array.from({ length: CLIENTS }, (_v, n) => client(n, deadline, tally)));
    const seconds = (Date.now() - started) / 1000;

    const fiveHundreds = [...tally.byStatus].filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0);
    recordFigure('load: requests', tally.requests);
    recordFigure('load: requests per second', Math.round(tally.requests / seconds));
    recordFigure('load: acknowledged writes', tally.created.length + tally.linked.length);
    recordFigure('load: 5xx', fiveHundreds);
    recordFigure('load: errors of any kind', tally.errors.length);
    recordFigure('load: statuses', JSON.stringify(Object.fromEntries(tally.byStatus)));

    // Together, so that a failure shows the first errors beside the count of 5xx.
    expect({ fiveHundreds, errors: tally.errors.slice(0, 5) }).toEqual({ fiveHundreds: 0, errors: [] });
    expect(tally.created.length).toBeGreaterThan(100);
    expect(tally.linked.length).toBeGreaterThan(100);

    const created = await db.read('UNWIND $ids AS id MATCH (o:Organisation {id: id}) WHERE EXISTS { (:AuditEvent {entityId: id, action: "CREATE_ENTITY"}) } RETURN count(o) AS n', { ids: tally.created });
    expect(Number(created.records[0]?.get('n'))).toBe(tally.created.length);
    const linked = await db.read('UNWIND $ids AS id MATCH (:Project {id: $project})-[r:PARTNERED_WITH]->(:Organisation {id: id}) RETURN count(DISTINCT id) AS n', { ids: tally.linked, project });
    expect(Number(linked.records[0]?.get('n'))).toBe(new Set(tally.linked).size);
  }, DURATION_MS + 60_000);
});
