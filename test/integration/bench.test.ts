import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/projectRoot';
import { ROWS, type BenchResults } from '../../bench/run';
import { SHAPE_NAMES } from '../../bench/types';

/**
 * `npm run bench -- --quick` end to end, to keep the harness working: its own Neo4j, a small
 * synthetic graph, the four servers, every shape at 1, 10 and 50 connections with every answer
 * checked, and the results file. Not a timed test: it asserts what the run produced, not how fast.
 */
const root = projectRoot();
const out = path.join(root, 'test-artifacts', 'bench-quick.json');

let results: BenchResults;
let status: number | null;
let output: string;

beforeAll(() => {
  rmSync(out, { force: true });
  const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.bench.json'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`the benchmark does not compile:\n${build.stdout}${build.stderr}`);
  const run = spawnSync(process.execPath, [path.join(root, 'dist', 'bench', 'run.js'), '--quick', '--out', out], { cwd: root, encoding: 'utf8', timeout: 600_000 });
  status = run.status;
  output = `${run.stdout}\n${run.stderr}`;
  if (existsSync(out)) results = JSON.parse(readFileSync(out, 'utf8')) as BenchResults;
}, 660_000);

describe('npm run bench -- --quick', () => {
  it('finishes with every answer right and writes its results', () => {
    expect({ status, tail: status === 0 ? '' : output.slice(-3000) }).toEqual({ status: 0, tail: '' });
    expect(results.errors).toEqual([]);
    expect(results.run.quick).toBe(true);
  });

  it('measures every shape on the floor, the service (cache off and on) and @neo4j/graphql at each connection count', () => {
    expect(Object.keys(results.shapes).sort()).toEqual([...SHAPE_NAMES].sort());
    for (const name of SHAPE_NAMES) {
      const shape = results.shapes[name];
      expect(shape?.queriesPerRequest).toBeGreaterThanOrEqual(1);
      for (const row of ROWS) {
        const figures = shape?.[row];
        expect(figures?.requests).toBeGreaterThan(0);
        expect(figures?.errors).toBe(0);
        expect(figures?.p99).toBeGreaterThanOrEqual(figures?.p50 ?? Infinity);
        expect(Object.keys(figures?.byConnections ?? {}).sort()).toEqual(['1', '10', '50']);
      }
    }
  });

  it('reports the ingestion rates of the bulk load, the graph it measured and the servers\' memory', () => {
    expect(results.ingest.nodesPerSec).toBeGreaterThan(0);
    expect(results.ingest.relsPerSec).toBeGreaterThan(0);
    expect(results.scale.projects).toBe(1_000);
    expect(results.scale.nodes).toBeGreaterThan(results.scale.projects);
    expect(results.serviceRssMB).toBeGreaterThan(0);
    for (const row of ROWS) expect(results.rssMB[row]).toBeGreaterThan(0);
  });

  it('stops the Neo4j it started', () => {
    expect(existsSync(path.join(root, '.neo4j', 'bench-quick', 'run', 'project-neo4j.pid'))).toBe(false);
  });
});
