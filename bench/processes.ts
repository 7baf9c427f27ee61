/**
 * Starting and stopping the servers the benchmark measures, as child processes of the
 * harness. Each kind is a compiled Node program:
 *
 * - service:      dist/src/main.js (the project's API, POST /graphql)
 * - floor:        dist/bench/servers/floor.js (POST /shape/<name>)
 * - neo4jGraphql: dist/bench/servers/neo4jGraphql.js (POST /graphql)
 *
 * All three answer GET /healthz with 200 once they serve, and exit cleanly on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../src/net';
import { projectRoot } from '../src/projectRoot';
import type { ServerKind } from './types';

/** A server started by spawnServer. */
export interface RunningBenchServer {
  kind: ServerKind;
  /** The server's base URL, e.g. http://127.0.0.1:4321 (request paths are appended to it). */
  url: string;
  pid: number;
  /** Sends SIGTERM, waits for the exit (SIGKILL after `timeoutMs`); resolves once the process is gone. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface SpawnOptions {
  /** How long to wait for /healthz to answer 200 (default 120 s: the service loads its seed first). */
  readyTimeoutMs?: number;
  /** Receives each line the server writes to stdout or stderr (default: dropped). */
  log?: (line: string) => void;
  /** The project root holding dist/ (default: this project's root). */
  root?: string;
}

/** The compiled entry point of each kind, relative to the project root. */
export const SERVER_ENTRY_POINTS: Readonly<Record<ServerKind, string>> = {
  service: 'dist/src/main.js',
  floor: 'dist/bench/servers/floor.js',
  neo4jGraphql: 'dist/bench/servers/neo4jGraphql.js',
};

export { freePort };

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts a server of `kind` with `env` added to this process's environment, and resolves
 * once its /healthz answers 200. `env` must hold NEO4J_URI and NEO4J_PASSWORD (and for the
 * service whatever else it needs, e.g. SEED_DATA, RATE_LIMIT_PER_MINUTE=0); PORT defaults
 * (or when 0) to a free port and HOST to 127.0.0.1. Fails, and kills the child, when the process exits
 * or does not answer within the timeout.
 */
export async function spawnServer(kind: ServerKind, env: Record<string, string>, options: SpawnOptions = {}): Promise<RunningBenchServer> {
  const root = options.root ?? projectRoot();
  const host = env.HOST ?? '127.0.0.1';
  const port = env.PORT && env.PORT !== '0' ? env.PORT : String(await freePort());
  const url = `http://${host}:${port}`;
  const child = spawn(process.execPath, [path.join(root, SERVER_ENTRY_POINTS[kind])], {
    cwd: root,
    env: { ...process.env, ...env, HOST: host, PORT: port },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`Could not start the ${kind} server`);
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line === '') continue;
      output.push(line);
      if (output.length > 50) output.shift();
      options.log?.(line);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const stop = async (timeoutMs = 10_000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = exited(child);
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await gone;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  while (!(await healthy(url))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The ${kind} server exited (${child.exitCode ?? child.signalCode}) before answering:\n${output.join('\n')}`);
    }
    if (Date.now() > deadline) {
      await stop(2_000);
      throw new Error(`The ${kind} server did not answer ${url}/healthz in time:\n${output.join('\n')}`);
    }
    await sleep(200);
  }
  return { kind, url, pid, stop };
}
