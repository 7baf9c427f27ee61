import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../projectRoot';

/**
 * The project's own Neo4j 5.26 Community server, without Docker: the server's jars come from
 * Maven Central (scripts/neo4j/pom.xml, resolved with `mvn`), and the server runs from them
 * through its own entry point, org.neo4j.server.CommunityEntryPoint, on 127.0.0.1 only.
 */

export interface LocalNeo4jOptions {
  /** The instance's folder: conf/, data/, logs/, run/ and the generated password. */
  home: string;
  boltPort: number;
  heapMb: number;
  pageCacheMb: number;
  /** A password to use; when absent, one is generated once and kept in <home>/password. */
  password?: string | null;
  log?: (message: string) => void;
  /** How long to wait for Bolt to answer. */
  startTimeoutMs?: number;
}

export interface LocalNeo4j {
  uri: string;
  user: 'neo4j';
  password: string;
  pid: number;
  /** True when a server that was already running was reused. */
  reused: boolean;
}

const ENTRY_POINT = 'org.neo4j.server.CommunityEntryPoint';

/** db.transaction.timeout of the local server (see neo4jConf). */
export const SERVER_TRANSACTION_TIMEOUT = '30s';
const ADMIN_TOOL = 'org.neo4j.cli.AdminTool';

// The flags Neo4j's own default configuration passes to the JVM (server.jvm.additional);
// the --add-opens flags are required on Java 17 for Neo4j's direct memory and Netty access.
const JVM_FLAGS = [
  '-XX:+UseG1GC',
  '-XX:-OmitStackTraceInFastThrow',
  '-XX:+UnlockExperimentalVMOptions',
  '-XX:+TrustFinalNonStaticFields',
  '-XX:+DisableExplicitGC',
  '-Djdk.nio.maxCachedBufferSize=1024',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-Djdk.tls.ephemeralDHKeySize=2048',
  '-Djdk.tls.rejectClientInitiatedRenegotiation=true',
  '-XX:FlightRecorderOptions=stackdepth=256',
  '-XX:+UnlockDiagnosticVMOptions',
  '-XX:+DebugNonSafepoints',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '-Dlog4j2.disable.jmx=true',
  '-Dfile.encoding=UTF-8',
];

export class LocalNeo4jError extends Error {
  override name = 'LocalNeo4jError';
}

/** The Neo4j version the project runs, as pinned in scripts/neo4j/pom.xml. */
export function neo4jVersion(root: string = projectRoot()): string {
  const pom = readFileSync(path.join(root, 'scripts', 'neo4j', 'pom.xml'), 'utf8');
  const match = /<neo4j\.version>([^<]+)<\/neo4j\.version>/.exec(pom);
  if (!match?.[1]) throw new LocalNeo4jError('scripts/neo4j/pom.xml does not pin <neo4j.version>');
  return match[1];
}

/**
 * The folder of the server's jars, fetched from Maven Central on first use. The jars are
 * copied into a temporary folder that is renamed into place only when complete, so an
 * interrupted download is never mistaken for a complete one.
 */
export function ensureJars(log: (message: string) => void = () => {}, root: string = projectRoot()): string {
  const version = neo4jVersion(root);
  const libDir = path.join(root, '.neo4j', 'lib', version);
  if (existsSync(path.join(libDir, '.complete'))) return libDir;
  log(`Fetching the Neo4j ${version} server jars from Maven Central (once; about 120 MB)…`);
  const staging = `${libDir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const result = spawnSync(
    'mvn',
    ['-B', '-q', '-f', path.join(root, 'scripts', 'neo4j', 'pom.xml'), 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${staging}`],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (result.error) throw new LocalNeo4jError(`Could not run mvn (is Maven installed?): ${result.error.message}`);
  if (result.status !== 0) throw new LocalNeo4jError(`mvn failed (exit ${result.status}) fetching the Neo4j jars; see its output above.`);
  writeFileSync(path.join(staging, '.complete'), `${version}\n`);
  if (existsSync(path.join(libDir, '.complete'))) {
    rmSync(staging, { recursive: true, force: true }); // another process finished first
  } else {
    rmSync(libDir, { recursive: true, force: true });
    mkdirSync(path.dirname(libDir), { recursive: true });
    renameSync(staging, libDir);
  }
  return libDir;
}

function neo4jConf(home: string, options: LocalNeo4jOptions): string {
  return [
    '# Written by the project (src/neo4j-server/localServer.ts) at every start; edits are lost.',
    'server.default_listen_address=127.0.0.1',
    'server.default_advertised_address=127.0.0.1',
    `server.bolt.listen_address=127.0.0.1:${options.boltPort}`,
    `server.bolt.advertised_address=127.0.0.1:${options.boltPort}`,
    'server.bolt.enabled=true',
    'server.http.enabled=false',
    'server.https.enabled=false',
    `server.directories.data=${path.join(home, 'data')}`,
    `server.directories.logs=${path.join(home, 'logs')}`,
    `server.directories.run=${path.join(home, 'run')}`,
    `server.directories.import=${path.join(home, 'import')}`,
    `server.memory.heap.initial_size=${Math.min(512, options.heapMb)}m`,
    `server.memory.heap.max_size=${options.heapMb}m`,
    `server.memory.pagecache.size=${options.pageCacheMb}m`,
    'dbms.security.auth_enabled=true',
    'dbms.usage_report.enabled=false',
    'db.tx_log.rotation.retention_policy=100M size',
    'server.threads.worker_count=8',
    // A backstop for transactions that come without a timeout of their own (cypher-shell, a
    // client other than the service's executor, which sends one with every transaction): no
    // transaction outlives the HTTP request timeout it could belong to (30 s by default).
    `db.transaction.timeout=${SERVER_TRANSACTION_TIMEOUT}`,
    '',
  ].join('\n');
}

function readPassword(home: string, given: string | null | undefined): string {
  if (given) return given;
  const file = path.join(home, 'password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  // Hex, not base64url: a password starting with '-' would be read as an option by
  // `neo4j-admin dbms set-initial-password` ("Missing required parameter: '<password>'").
  const generated = randomBytes(18).toString('hex');
  writeFileSync(file, `${generated}\n`, { mode: 0o600 });
  return generated;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function pidFile(home: string): string {
  return path.join(home, 'run', 'project-neo4j.pid');
}

function readPid(home: string): number | null {
  const file = pidFile(home);
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
}

/** Resolves true when something accepts TCP connections on 127.0.0.1:port. */
export function portAnswers(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function tail(file: string, lines = 30): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

async function waitForBolt(port: number, pid: number, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) throw new LocalNeo4jError(`Neo4j exited during start. The end of ${logFile}:\n${tail(logFile)}`);
    if (await portAnswers(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new LocalNeo4jError(`Neo4j did not answer on 127.0.0.1:${port} within ${timeoutMs / 1000}s. The end of ${logFile}:\n${tail(logFile)}`);
}

/**
 * The server's jars, its configuration written into `home`, and the initial password set on a
 * home that has none yet: what both starting a server and importing into its home need.
 */
function prepareHome(home: string, options: LocalNeo4jOptions, password: string, log: (message: string) => void): { classpath: string; env: NodeJS.ProcessEnv } {
  const libDir = ensureJars(log);
  const classpath = `${libDir}/*`;
  writeFileSync(path.join(home, 'conf', 'neo4j.conf'), neo4jConf(home, options));
  const env = { ...process.env, NEO4J_HOME: home, NEO4J_CONF: path.join(home, 'conf') };
  if (!existsSync(path.join(home, 'data', 'dbms', 'auth.ini')) && !existsSync(path.join(home, 'data', 'databases', 'system'))) {
    const set = spawnSync('java', ['-cp', classpath, ADMIN_TOOL, 'dbms', 'set-initial-password', password], { env, encoding: 'utf8' });
    if (set.status !== 0) throw new LocalNeo4jError(`Could not set the initial password: ${set.stderr || set.stdout}`);
  }
  return { classpath, env };
}

/**
 * Starts the instance in `home`, or reuses it when it is already running, and resolves once
 * Bolt answers. The server runs detached and outlives this process: stop it with
 * stopLocalNeo4j (npm run neo4j:stop), which sends SIGTERM for a clean shutdown.
 */
export async function ensureLocalNeo4j(options: LocalNeo4jOptions): Promise<LocalNeo4j> {
  const log = options.log ?? (() => {});
  const home = path.resolve(options.home);
  for (const dir of ['conf', 'data', 'logs', 'run', 'import']) mkdirSync(path.join(home, dir), { recursive: true });
  const password = readPassword(home, options.password);
  const uri = `bolt://127.0.0.1:${options.boltPort}`;
  const logFile = path.join(home, 'logs', 'console.log');

  const running = readPid(home);
  if (running !== null) {
    log(`Reusing the running Neo4j (pid ${running}) on 127.0.0.1:${options.boltPort}.`);
    await waitForBolt(options.boltPort, running, logFile, options.startTimeoutMs ?? 120_000);
    return { uri, user: 'neo4j', password, pid: running, reused: true };
  }
  if (await portAnswers(options.boltPort)) {
    throw new LocalNeo4jError(
      `Port ${options.boltPort} is taken by another program. Set NEO4J_BOLT_PORT to a free port, or NEO4J_URI to use a running database.`,
    );
  }

  const { classpath, env } = prepareHome(home, options, password, log);

  log(`Starting Neo4j ${neo4jVersion()} on 127.0.0.1:${options.boltPort} (data in ${home})…`);
  const out = openSync(logFile, 'a');
  const child = spawn(
    'java',
    [
      `-Xms${Math.min(512, options.heapMb)}m`,
      `-Xmx${options.heapMb}m`,
      ...JVM_FLAGS,
      '-cp',
      classpath,
      ENTRY_POINT,
      `--home-dir=${home}`,
      `--config-dir=${path.join(home, 'conf')}`,
      '--console-mode',
    ],
    { env, detached: true, stdio: ['ignore', out, out] },
  );
  closeSync(out);
  const pid = child.pid;
  if (pid === undefined) throw new LocalNeo4jError('Could not start java (is a JDK 17+ on the PATH?).');
  child.unref();
  writeFileSync(pidFile(home), `${pid}\n`);
  await waitForBolt(options.boltPort, pid, logFile, options.startTimeoutMs ?? 120_000);
  log(`Neo4j is up (pid ${pid}).`);
  return { uri, user: 'neo4j', password, pid, reused: false };
}

export interface ImportInput {
  /** Each group: its header file, then its data files. */
  nodes: string[][];
  relationships: string[][];
  /** The import tool's --array-delimiter (e.g. "U+001F"). */
  arrayDelimiter: string;
  /** Whether any value spans lines (--multiline-fields, slower). */
  multiline: boolean;
}

/**
 * Runs `neo4j-admin database import full` into the instance in `home` (its "neo4j" database,
 * overwritten), from the same jars as the server (the admin tool, org.neo4j.cli.AdminTool).
 * The server must be stopped; start it afterwards with ensureLocalNeo4j. Resolves with the
 * tool's wall time; rejects with the end of its output when it fails.
 */
export async function importIntoLocalNeo4j(options: LocalNeo4jOptions, input: ImportInput): Promise<{ ms: number }> {
  const log = options.log ?? (() => {});
  const home = path.resolve(options.home);
  if (readPid(home) !== null) throw new LocalNeo4jError(`Neo4j is running in ${home}: stop it before an import (npm run neo4j:stop).`);
  for (const dir of ['conf', 'data', 'logs', 'run', 'import']) mkdirSync(path.join(home, dir), { recursive: true });
  const password = readPassword(home, options.password);
  const { classpath, env } = prepareHome(home, options, password, log);
  const args = [
    `-Xmx${options.heapMb}m`,
    '-cp',
    classpath,
    ADMIN_TOOL,
    'database',
    'import',
    'full',
    'neo4j',
    '--overwrite-destination=true',
    '--id-type=string',
    `--array-delimiter=${input.arrayDelimiter}`,
    `--multiline-fields=${input.multiline}`,
    '--bad-tolerance=0',
    // Every processor, and parallel reads and writes: the import runs alone, into a local disk.
    `--threads=${Math.max(2, availableParallelism())}`,
    '--high-parallel-io=on',
    `--report-file=${path.join(home, 'logs', 'import.report')}`,
    ...input.nodes.map((files) => `--nodes=${files.join(',')}`),
    ...input.relationships.map((files) => `--relationships=${files.join(',')}`),
  ];
  log(`Importing ${input.nodes.length} node files and ${input.relationships.length} relationship files with neo4j-admin database import full…`);
  const started = performance.now();
  const output = await new Promise<{ status: number | null; text: string }>((resolve, reject) => {
    const child = spawn('java', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const keep = (chunk: Buffer) => {
      text = (text + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', (error) => reject(new LocalNeo4jError(`Could not run java for the import: ${error.message}`)));
    child.once('close', (status) => resolve({ status, text }));
  });
  if (output.status !== 0) throw new LocalNeo4jError(`neo4j-admin database import failed (exit ${output.status}). The end of its output:\n${output.text.split('\n').slice(-40).join('\n')}`);
  return { ms: performance.now() - started };
}

/** Stops the instance in `home` with SIGTERM (a clean shutdown); false when none was running. */
export async function stopLocalNeo4j(home: string, timeoutMs = 60_000): Promise<boolean> {
  const pid = readPid(path.resolve(home));
  if (pid === null) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  rmSync(pidFile(path.resolve(home)), { force: true });
  return true;
}

/** The running instance's pid, or null. */
export function localNeo4jPid(home: string): number | null {
  return readPid(path.resolve(home));
}
