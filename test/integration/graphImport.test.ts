import { rmSync } from 'node:fs';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { CypherCatalog } from '../../src/db/cypher/catalog';
import { Database } from '../../src/db/driver/database';
import { migrate } from '../../src/db/driver/migrations';
import { waitForDatabase } from '../../src/db/driver/readiness';
import { ensureLocalNeo4j, LocalNeo4jError, stopLocalNeo4j, type LocalNeo4jOptions } from '../../src/neo4j-server/localServer';
import { projectRoot } from '../../src/projectRoot';
import { importSynthGraph } from '../../src/synth/import';
import { loadSynthGraph, type SynthLoadResult } from '../../src/synth/load';
import { freePort } from '../support/testDatabase';

/**
 * The same generated dataset loaded two ways into empty databases of this test's own: with
 * `neo4j-admin database import full` (importSynthGraph) and through the transactional bulk
 * load (loadSynthGraph). The two graphs must be equal: every node with its labels and typed
 * properties, every relationship with its type, ends and typed properties, and the
 * constraints and indexes (the migrations run after the import).
 */

const PROJECTS = 300;
const SEED = 7;
const home = path.join(projectRoot(), '.neo4j', `import-test-${process.pid}`);

interface GraphDump {
  nodes: string[];
  relationships: string[];
  schema: string[];
}

/** A typed value as text: the value (driver types made plain) and Neo4j's name for its type. */
const TYPED = (variable: string) => `[k IN keys(${variable}) | [k, valueType(${variable}[k])]]`;

async function dumpGraph(db: Database): Promise<GraphDump> {
  const nodes = await db.read(`MATCH (n) WHERE NOT n:Migration RETURN labels(n) AS labels, properties(n) AS props, ${TYPED('n')} AS types`, {});
  const relationships = await db.read(
    `MATCH (a)-[r]->(b) RETURN a.id AS from, type(r) AS type, b.id AS to, properties(r) AS props, ${TYPED('r')} AS types`,
    {},
  );
  const schema = await db.read('SHOW INDEXES YIELD name, type, labelsOrTypes, properties, owningConstraint RETURN name, type, labelsOrTypes, properties, owningConstraint', {});
  const text = (value: unknown) => JSON.stringify(plain(value));
  return {
    nodes: nodes.records.map((r) => text({ labels: [...(r.get('labels') as string[])].sort(), props: r.get('props'), types: sortedPairs(r.get('types')) })).sort(),
    relationships: relationships.records.map((r) => text({ from: r.get('from'), type: r.get('type'), to: r.get('to'), props: r.get('props'), types: sortedPairs(r.get('types')) })).sort(),
    schema: schema.records.map((r) => text(r.toObject())).sort(),
  };
}

function sortedPairs(value: unknown): unknown {
  return [...(value as Array<[string, string]>)].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** Driver values as JSON-able ones (integers and dates tagged, so that 5 and 5.0 or a date and its text stay apart), keys sorted. */
function plain(value: unknown): unknown {
  if (neo4j.isInt(value)) return { int: value.toString() };
  if (neo4j.isDate(value)) return { date: value.toString() };
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

async function connect(server: LocalNeo4jOptions): Promise<Database> {
  const neo = await ensureLocalNeo4j(server);
  const db = Database.connect({ uri: neo.uri, user: neo.user, password: neo.password, maxTransactionRetryTimeMs: 30_000 });
  await waitForDatabase(db);
  return db;
}

let server: LocalNeo4jOptions;
let imported: GraphDump;
let importResult: SynthLoadResult;
let loaded: GraphDump;
let loadResult: SynthLoadResult;
let rerun: GraphDump;
let refusal: unknown;

beforeAll(async () => {
  rmSync(home, { recursive: true, force: true });
  server = { home, boltPort: await freePort(), heapMb: 768, pageCacheMb: 128, log: (m) => process.stderr.write(`[import-test neo4j] ${m}\n`) };
  try {
    importResult = await importSynthGraph({ projects: PROJECTS, seed: SEED, server });
    const db = await connect(server);
    try {
      imported = await dumpGraph(db);
    } finally {
      await db.close();
    }
    // The database now holds the graph: a second import must refuse to replace it.
    refusal = await importSynthGraph({ projects: PROJECTS, seed: SEED, server }).then(
      () => null,
      (error: unknown) => error,
    );
  } finally {
    await stopLocalNeo4j(home);
  }
  rmSync(home, { recursive: true, force: true });
  try {
    const db = await connect(server);
    try {
      await migrate(db);
      loadResult = await loadSynthGraph(db, new CypherCatalog(), { projects: PROJECTS, seed: SEED });
      loaded = await dumpGraph(db);
      // A second bulk load of the same graph (as after an interruption) finds everything and changes nothing.
      await loadSynthGraph(db, new CypherCatalog(), { projects: PROJECTS, seed: SEED });
      rerun = await dumpGraph(db);
    } finally {
      await db.close();
    }
  } finally {
    await stopLocalNeo4j(home);
    rmSync(home, { recursive: true, force: true });
  }
}, 900_000);

describe('an import into an empty database', () => {
  it('writes as many nodes and relationships as the transactional bulk load', () => {
    expect(importResult.nodes).toBe(loadResult.nodes);
    expect(importResult.relationships).toBe(loadResult.relationships);
    expect(imported.nodes).toHaveLength(loadResult.nodes);
    expect(imported.relationships).toHaveLength(loadResult.relationships);
    expect(importResult.phases?.importMs).toBeGreaterThan(0);
  });

  it('gives the same nodes, labels and typed properties as the transactional bulk load', () => {
    expect(imported.nodes.length).toBeGreaterThan(PROJECTS);
    const missing = loaded.nodes.filter((n) => !imported.nodes.includes(n));
    expect(missing.slice(0, 3)).toEqual([]);
    expect(imported.nodes).toEqual(loaded.nodes);
    // The properties only the claims path writes are there, with their types.
    expect(imported.nodes.some((n) => n.includes('"claimsJson"') && n.includes('["startDate","DATE NOT NULL"]'))).toBe(true);
    expect(imported.nodes.some((n) => n.includes('"Donor"'))).toBe(true);
    expect(imported.nodes.some((n) => n.includes('"aliases":[]'))).toBe(true);
    expect(imported.nodes.some((n) => n.includes('"budgetAmount":{"int":'))).toBe(true);
  });

  it('gives the same relationships, with their types, ends and typed properties', () => {
    const missing = loaded.relationships.filter((r) => !imported.relationships.includes(r));
    expect(missing.slice(0, 3)).toEqual([]);
    expect(imported.relationships).toEqual(loaded.relationships);
    expect(imported.relationships.some((r) => r.includes('"EVIDENCED_BY"'))).toBe(true);
  });

  it('ends with the constraints and indexes of the migrations', () => {
    expect(imported.schema).toEqual(loaded.schema);
    expect(imported.schema.some((s) => s.includes('entity_id'))).toBe(true);
  });

  it('refuses to import into a database that holds data, saying why', () => {
    expect(refusal).toBeInstanceOf(LocalNeo4jError);
    expect((refusal as Error).message).toMatch(/holds \d+ nodes: an import replaces the whole database/);
  });
});

describe('a second bulk load of the same graph', () => {
  it('leaves the graph as the first one wrote it', () => {
    expect(rerun).toEqual(loaded);
  });
});
