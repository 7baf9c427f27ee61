import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import path from 'node:path';
import { projectRoot } from '../../src/projectRoot';
import { waitFor } from '../support/waitFor';
import { freePort, testDatabaseSettings } from '../support/testDatabase';

/**
 * SIGTERM against the real start command (dist/src/main.js): the server stops accepting,
 * finishes the request in flight, closes the Neo4j driver and exits 0.
 */
describe('a SIGTERM to the running API', () => {
  let child: ChildProcess | undefined;
  let output = '';

  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('stops accepting, finishes the slow request in flight, closes the driver and exits 0', async () => {
    const settings = testDatabaseSettings();
    const port = await freePort();
    child = spawn(process.execPath, [path.join(projectRoot(), 'dist', 'src', 'main.js')], {
      cwd: projectRoot(),
      env: { ...process.env, NEO4J_URI: settings.uri, NEO4J_PASSWORD: settings.password, PORT: String(port), HOST: '127.0.0.1', SEED_DATA: 'none', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${base}/readyz`)).status === 200, 60_000, `the API on ${base}\n${output}`);

    // A slow client: the headers and half of the body now, the rest only after the SIGTERM.
    const body = JSON.stringify({ query: '{ countries { isoCode } }' });
    const half = Math.floor(body.length / 2);
    let finishBody: () => void = () => {};
    const slow = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, half));
      finishBody = () => req.end(body.slice(half));
    });
    // A barrier: once another request on a new connection has been answered, the server has
    // accepted the slow one and read its headers, so it is in flight.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    child.kill('SIGTERM');
    await waitFor(async () => /SIGTERM: finishing in-flight requests/.test(output), 10_000, 'the SIGTERM to be taken');
    await waitFor(async () => fetch(`${base}/healthz`).then(() => false, () => true), 10_000, 'the server to stop accepting');
    finishBody();

    const finished = await slow;
    expect(finished.status).toBe(200);
    expect(JSON.parse(finished.text)).toMatchObject({ data: { countries: expect.any(Array) } });
    expect(await exited).toBe(0);
    expect(output).toMatch(/SIGTERM: finishing in-flight requests and closing[\s\S]*HTTP server closed[\s\S]*Neo4j driver closed/);
  }, 120_000);
});
