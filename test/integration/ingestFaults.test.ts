import { spawn } from 'node:child_process';
import path from 'node:path';
import { toPlain } from '../../src/db/conversions';
import type { Database } from '../../src/db/driver/database';
import { projectRoot } from '../../src/projectRoot';
import { CypherCatalog } from '../../src/db/cypher/catalog';
import { newQueryStats } from '../../src/db/driver/database';
import { createRepositories } from '../../src/db/repositories';
import { ingest } from '../../src/ingest/ingest';
import { syntheticWorld, writeFixture, type FixtureFolder } from '../support/fixtures';
import { recordFigure } from '../support/figures';
import { connectTestDatabase, testDatabaseSettings, uniqueToken } from '../support/testDatabase';

/**
 * The ingestion CLI (dist/src/cli/ingest.js) under faults: killed mid-load, it leaves nothing
 * behind, and the next run ends in exactly the graph one clean run makes; a malformed dataset
 * is refused with file, entry and field, and exit code 1.
 */

let db: Database;
beforeAll(() => {
  db = connectTestDatabase();
});
afterAll(async () => {
  await db.close();
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the CLI on `fixture`; with `killWhen`, sends SIGKILL at the first stderr line it accepts. */
function runIngest(fixture: FixtureFolder, killWhen?: (line: string) => boolean): Promise<Run> {
  const settings = testDatabaseSettings();
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(projectRoot(), 'dist', 'src', 'cli', 'ingest.js'), fixture.datasetDir, '--documents', fixture.documentsDir], {
    cwd: projectRoot(),
    env: { ...process.env, NEO4J_URI: settings.uri, NEO4J_PASSWORD: settings.password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (killWhen && child.exitCode === null && stderr.split('\n').some(killWhen)) child.kill('SIGKILL');
  });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - started })));
}

/** A progress line of the load ("Loading [###---] 40% (8000/20000)") that is neither first nor last. */
function midLoad(line: string): boolean {
  const match = /Loading .*\((\d+)\/(\d+)\)/.exec(line);
  return match !== null && Number(match[1]) > 0 && Number(match[1]) < Number(match[2]);
}

/** Every node of the token's world and every relationship touching one, canonically ordered. */
async function dump(token: string): Promise<string> {
  const nodes = await db.read('MATCH (n) WHERE n.id CONTAINS $token RETURN n.id AS id, labels(n) AS labels, properties(n) AS props', { token });
  const rels = await db.read(
    'MATCH (a)-[r]->(b) WHERE a.id CONTAINS $token OR b.id CONTAINS $token RETURN a.id AS from, type(r) AS type, b.id AS to, properties(r) AS props',
    { token },
  );
  const canonical = (props: Record<string, unknown>) => Object.fromEntries(Object.keys(props).sort().map((key) => [key, toPlain(props[key])]));
  const nodeRows = nodes.records.map((r) => JSON.stringify([r.get('id'), [...(r.get('labels') as string[])].sort(), canonical(r.get('props') as Record<string, unknown>)]));
  const relRows = rels.records.map((r) => JSON.stringify([r.get('from'), r.get('type'), r.get('to'), canonical(r.get('props') as Record<string, unknown>)]));
  return [...nodeRows.sort(), ...relRows.sort()].join('\n');
}

async function graphSize(): Promise<{ nodes: number; rels: number }> {
  const nodes = await db.read('MATCH (n) RETURN count(n) AS n', {});
  const rels = await db.read('MATCH ()-[r]->() RETURN count(r) AS n', {});
  return { nodes: Number(nodes.records[0]?.get('n')), rels: Number(rels.records[0]?.get('n')) };
}

describe('npm run ingest under faults', () => {
  it('killed mid-load leaves nothing behind, and running it again ends in exactly the graph of one clean run', async () => {
    const token = uniqueToken();
    const world = syntheticWorld(token, 600);
    const fixture = writeFixture(world.files, world.documents);
    const before = await graphSize();

    const killed = await runIngest(fixture, midLoad);
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stderr.split('\n').some(midLoad)).toBe(true);
    expect(killed.stdout).not.toMatch(/written in one transaction/);
    recordFigure('ingest: killed after (ms)', killed.ms);
    // The open transaction died with the process: not one node or relationship of it remains.
    expect(await dump(token)).toBe('');
    expect(await graphSize()).toEqual(before);

    const rerun = await runIngest(fixture);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(/written in one transaction/);
    recordFigure('ingest: full run of the fault dataset (ms)', rerun.ms);
    const afterRerun = await dump(token);
    expect(afterRerun.split('\n').length).toBeGreaterThan(3000);

    // One clean run from nothing, for comparison.
    await db.write((tx) => tx.run('MATCH (n) WHERE n.id CONTAINS $token DETACH DELETE n', { token }));
    expect(await dump(token)).toBe('');
    const clean = await runIngest(fixture);
    expect(clean.code).toBe(0);
    expect(await dump(token)).toBe(afterRerun);
  }, 240_000);

  it('killed mid-load with curated data present, loses nothing curated, and the finished load keeps it too', async () => {
    const token = uniqueToken();
    const world = syntheticWorld(token, 600);
    const fixture = writeFixture(world.files, world.documents);
    const catalog = new CypherCatalog();
    await ingest(db, catalog, fixture.datasetDir, { documentsDir: fixture.documentsDir });
    const curation = createRepositories(db, catalog, newQueryStats()).curation;
    const actor = { name: 'fault-curator', role: 'curator' };
    const say = (excerpt: string) => ({ document: world.doc, excerpt });
    const org0 = `org:${token}-org-0`;
    const org1 = `org:${token}-org-1`;
    const p0 = `project:${token}-p-000`;
    await curation.updateEntity(actor, org0, { aliases: [`${token} Curated Alias`] }, say(`${token} Organisation 0 is an organisation.`));
    await curation.link(actor, 'FUNDED_BY', p0, org1, {}, say(`${token} Project 0 is implemented by Organisation 1.`));
    await curation.unlink(actor, 'BENEFITS', p0, `org:${token}-org-2`, say(`${token} Project 0 benefits Organisation 2.`));
    const curated = await dump(token);

    // The next version of the dataset says otherwise about every project; the load is killed.
    const projects = (world.files['world.yaml'] as { projects: Array<Record<string, unknown>> }).projects;
    for (const project of projects) project.status = 'SUSPENDED';
    const edited = writeFixture(world.files, world.documents);
    const killed = await runIngest(edited, midLoad);
    expect(killed.signal).toBe('SIGKILL');
    expect(await dump(token)).toBe(curated);

    const rerun = await runIngest(edited);
    expect(rerun.code).toBe(0);
    const aliases = await db.read('MATCH (o:Organisation {id: $id}) RETURN o.aliases AS aliases', { id: org0 });
    expect(aliases.records[0]?.get('aliases')).toContain(`${token} Curated Alias`);
    const ties = await db.read('MATCH (:Project {id: $p})-[r]->(o:Organisation) RETURN type(r) + " " + o.id AS tie ORDER BY tie', { p: p0 });
    expect(ties.records.map((r) => r.get('tie'))).toEqual([`FUNDED_BY ${org0}`, `FUNDED_BY ${org1}`, `IMPLEMENTED_BY ${org1}`]);
    const status = await db.read('MATCH (p:Project {id: $p}) RETURN p.status AS status', { p: p0 });
    expect(status.records[0]?.get('status')).toBe('SUSPENDED');
  }, 240_000);

  it('refuses a malformed dataset with exit code 1, naming file, entry and field, and touches nothing', async () => {
    const token = uniqueToken();
    const world = syntheticWorld(token, 3);
    const projects = (world.files['world.yaml'] as { projects: Array<Record<string, unknown>> }).projects;
    projects[1]!.start = 'sometime in 2017';
    delete projects[2]!.name;
    const fixture = writeFixture(world.files, world.documents);
    const before = await graphSize();
    const run = await runIngest(fixture);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/nothing was loaded/);
    expect(run.stderr).toMatch(new RegExp(`world\\.yaml: projects\\[1\\] \\(project:${token}-p-001\\): start: must be a date`));
    expect(run.stderr).toMatch(new RegExp(`world\\.yaml: projects\\[2\\] \\(project:${token}-p-002\\): name: Required`));
    expect(await graphSize()).toEqual(before);
    expect(await dump(token)).toBe('');
  }, 60_000);
});
