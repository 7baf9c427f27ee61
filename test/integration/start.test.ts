import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectDatabase } from '../../src/db/driver/connect';
import { loadConfig } from '../../src/config';
import { projectRoot } from '../../src/projectRoot';
import { freePort, testDatabaseSettings } from '../support/testDatabase';

/** Polls until `check` passes or the deadline is reached; no fixed sleeps. */
async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('with NEO4J_URI set', () => {
  it('uses that database and starts no Neo4j of its own', async () => {
    const settings = testDatabaseSettings();
    const cwd = mkdtempSync(path.join(tmpdir(), 'mgg-cwd-'));
    const config = loadConfig({ NEO4J_URI: settings.uri, NEO4J_PASSWORD: settings.password }, cwd);
    const db = await connectDatabase(config, () => {});
    try {
      await db.verify();
    } finally {
      await db.close();
    }
    expect(existsSync(config.local.home)).toBe(false);
  });
});

describe('the start command (dist/src/main.js)', () => {
  let child: ChildProcess | undefined;
  let output = '';

  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('migrates, loads the seed graph, serves the API, and stops cleanly on SIGTERM', async () => {
    const settings = testDatabaseSettings();
    const port = await freePort();
    child = spawn(process.execPath, [path.join(projectRoot(), 'dist', 'src', 'main.js')], {
      cwd: projectRoot(),
      env: { ...process.env, NEO4J_URI: settings.uri, NEO4J_PASSWORD: settings.password, PORT: String(port), HOST: '127.0.0.1', SEED_DATA: 'data/seed' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${base}/readyz`)).status === 200, 60_000, `the API on ${base}\n${output}`);

    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ countries { isoCode } projects { totalCount } }' }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { projects: { totalCount: number } } };
    expect(body.data.projects.totalCount).toBeGreaterThan(0);
    expect(output).toMatch(/seed graph from data\/seed/);
    // The test database holds the seed already (the global setup loaded it), with each file's
    // content hash: start-up skips the unchanged files instead of loading them again.
    expect(output).toMatch(/seed graph from data\/seed: unchanged, skipped \(\d+ files: seed\/countries\.yaml/);

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toMatch(/SIGTERM: finishing in-flight requests/);
  }, 120_000);
});
