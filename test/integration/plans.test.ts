import { rmSync } from 'node:fs';
import path from 'node:path';
import neo4j, { type ProfiledPlan } from 'neo4j-driver';
import { buildPool } from '../../bench/pool';
import { SHAPES } from '../../bench/shapes';
import type { Pool, ShapeName } from '../../bench/types';
import { CypherCatalog } from '../../src/db/cypher/catalog';
import { Database, type Params } from '../../src/db/driver/database';
import { migrate } from '../../src/db/driver/migrations';
import { waitForDatabase } from '../../src/db/driver/readiness';
import { ensureLocalNeo4j, stopLocalNeo4j } from '../../src/neo4j-server/localServer';
import { projectRoot } from '../../src/projectRoot';
import { startServer, type RunningServer } from '../../src/http/server';
import { checkReadiness } from '../../src/db/driver/readiness';
import { loadSynthGraph, type SynthLoadResult } from '../../src/synth/load';
import { freePort } from '../support/testDatabase';

/**
 * The query plans behind every benchmark shape, on a generated graph of 10,000 projects (a
 * Neo4j of this test's own). Each shape's GraphQL request goes through the real service; every
 * Cypher query it runs is recorded, then run again under PROFILE. Every shape starts from an
 * id, a full-text index or a country, so no plan may scan all nodes, all nodes of a label, a
 * whole index or all relationships of a type: each must find its starting points by an index
 * seek (or the full-text procedure). A test also checks what the bulk load wrote.
 */

const PROJECTS = 10_000;
const home = path.join(projectRoot(), '.neo4j', `plans-${process.pid}`);
/** Operators that read everything of a kind instead of seeking what the query needs. */
const SCAN = /AllNodesScan|NodeByLabelScan|UnionNodeByLabelsScan|IntersectionNodeByLabelsScan|SubtractionNodeByLabelsScan|NodeIndexScan|NodeIndexContainsScan|NodeIndexEndsWithScan|RelationshipTypeScan|RelationshipIndexScan/;
const SEEK = /NodeUniqueIndexSeek|NodeIndexSeek|MultiNodeIndexSeek|AssertingMultiNodeIndexSeek|ProcedureCall|NodeByIdSeek|NodeByElementIdSeek/;

let db: Database;
let server: RunningServer;
let pool: Pool;
let loaded: SynthLoadResult;

interface Recorded {
  cypher: string;
  params: Params;
}

function operators(plan: ProfiledPlan): ProfiledPlan[] {
  return [plan, ...plan.children.flatMap(operators)];
}

function operatorName(plan: ProfiledPlan): string {
  return plan.operatorType.replace(/@.*$/, '');
}

function totalDbHits(plan: ProfiledPlan): number {
  return operators(plan).reduce((sum, op) => sum + op.dbHits, 0);
}

beforeAll(async () => {
  rmSync(home, { recursive: true, force: true });
  const neo = await ensureLocalNeo4j({ home, boltPort: await freePort(), heapMb: 1024, pageCacheMb: 512, log: (m) => process.stderr.write(`[plans neo4j] ${m}\n`) });
  db = Database.connect({ uri: neo.uri, user: neo.user, password: neo.password, maxTransactionRetryTimeMs: 30_000 });
  await waitForDatabase(db);
  await migrate(db);
  loaded = await loadSynthGraph(db, new CypherCatalog(), { projects: PROJECTS, seed: 11 });
  process.stderr.write(`[plans] loaded ${loaded.nodes} nodes and ${loaded.relationships} relationships in ${(loaded.ms / 1000).toFixed(1)} s\n`);
  server = await startServer({ db, catalog: new CypherCatalog(), production: false, introspection: true, readiness: () => checkReadiness(db), log: () => {} }, '127.0.0.1', 0);
  const driver = neo4j.driver(neo.uri, neo4j.auth.basic(neo.user, neo.password));
  try {
    pool = await buildPool(driver, 10);
  } finally {
    await driver.close();
  }
}, 900_000);

afterAll(async () => {
  await server?.stop();
  await db?.close();
  await stopLocalNeo4j(home);
  rmSync(home, { recursive: true, force: true });
}, 120_000);

async function count(cypher: string): Promise<number> {
  const result = await db.read(cypher, {});
  return Number(result.records[0]?.get(0));
}

describe('the bulk load of a generated graph', () => {
  it('wrote every node and relationship the generator made, with evidence on each entity', async () => {
    const scale = loaded.scale;
    expect(await count('MATCH (p:Project) RETURN count(p)')).toBe(PROJECTS);
    expect(await count('MATCH (o:Organisation) RETURN count(o)')).toBe(scale.organisations);
    expect(await count('MATCH (c:Country) RETURN count(c)')).toBe(scale.countries);
    expect(await count('MATCH (n:Entity) WHERE NOT (n)-[:EVIDENCED_BY]->(:Source) RETURN count(n)')).toBe(0);
    expect(await count('MATCH (p:Project) WHERE NOT (p)-[:FUNDED_BY]->(:Donor) RETURN count(p)')).toBe(0);
    expect(await count('MATCH (n) WHERE n:Entity OR n:Source RETURN count(n)')).toBe(loaded.nodes);
    expect(await count('MATCH ()-[r]->() RETURN count(r)')).toBe(loaded.relationships);
    expect(loaded.nodesPerSec).toBeGreaterThan(0);
    expect(loaded.relsPerSec).toBeGreaterThan(0);
  });
});

describe('the query plan of every benchmark shape on 10,000 projects', () => {
  it.each(SHAPES.map((shape) => [shape.name] as [ShapeName]))('%s seeks its starting points through an index', async (name) => {
    const shape = SHAPES.find((s) => s.name === name);
    if (!shape) throw new Error(`no shape ${name}`);
    const recorded: Recorded[] = [];
    const original = db.read.bind(db);
    const spy = jest.spyOn(db, 'read').mockImplementation(async (cypher, params, stats) => {
      recorded.push({ cypher, params });
      return original(cypher, params, stats);
    });
    let status: number;
    let body: string;
    try {
      const request = shape.request('service', pool, 0);
      const response = await fetch(`${server.url.replace(/\/graphql$/, '')}${request.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: request.body });
      status = response.status;
      body = await response.text();
    } finally {
      spy.mockRestore();
    }
    expect(shape.check('service', status, body)).toBeNull();
    expect(recorded.length).toBeGreaterThan(0);

    const report: string[] = [];
    for (const { cypher, params } of recorded) {
      const result = await db.read(`PROFILE ${cypher}`, params);
      const plan = result.summary.profile;
      if (plan === false) throw new Error('PROFILE gave no plan');
      const ops = operators(plan);
      const names = ops.map(operatorName);
      const scans = names.filter((n) => SCAN.test(n));
      const firstLine = cypher.split('\n').find((line) => line.trim() !== '' && !line.trim().startsWith('//')) ?? cypher;
      report.push(`${name}: ${totalDbHits(plan)} db hits; leaves ${ops.filter((op) => op.children.length === 0).map(operatorName).join(', ')}; ${firstLine.trim().slice(0, 80)}`);
      if (scans.length > 0) throw new Error(`${name} scans (${scans.join(', ')}) in:\n${cypher}\nplan operators: ${names.join(' > ')}`);
      // Every leaf of the plan is a seek, the full-text procedure, or rows handed in (a list of ids, an argument).
      for (const leaf of ops.filter((op) => op.children.length === 0)) expect(operatorName(leaf)).toMatch(new RegExp(`${SEEK.source}|Unwind|Argument|EmptyRow|Input`));
    }
    process.stderr.write(`${report.join('\n')}\n`);
  }, 120_000);
});
