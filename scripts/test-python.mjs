#!/usr/bin/env node
// The Python side of the test suite: the client's tests (clients/python/tests) and the research
// notebooks (notebooks/*.ipynb), run against a real service, ending with one line
// `python: N passed, M failed`.
//
//   1. Every committed notebook is clean: no outputs, no execution counts.
//   2. .venv: created with `python3 -m venv` and filled from scripts/python-requirements.txt
//      (exact pins, and the lock file beside it); rebuilt only when a hash of those files (and
//      the client's pyproject.toml and the Python version), kept inside .venv, changes.
//   3. The service: MIGRATION_GRAPH_URL when set; otherwise this script starts
//      `node dist/src/main.js` on a free port, which migrates its database and loads the seed
//      graph (data/seed), waits for GET /readyz, and stops it with SIGTERM at the end. Its
//      Neo4j is TEST_NEO4J_URI/TEST_NEO4J_PASSWORD when set; otherwise a fresh Neo4j of this
//      run's own (.neo4j/python-<pid>, a free Bolt port, started through the compiled
//      dist/src/neo4j-server/localServer.js), so the notebooks see the seed graph and nothing
//      else, never the graph `npm start` serves nor the fixtures of the jest run. That Neo4j
//      is stopped and its folder deleted at the end, on failure and on Ctrl-C too
//      (KEEP_TEST_NEO4J=1 keeps the folder).
//   4. pytest on clients/python/tests, then every notebook executed headless with nbclient
//      (120 s per cell at most); figures go to NOTEBOOK_OUTPUT_DIR (test-artifacts/notebooks).
//   5. The counts: the last line on stdout, and as JSON in PYTHON_SUMMARY_FILE when that is set
//      (scripts/test.mjs sets it).
//
// It uses nothing but Node itself.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const artifacts = path.join(root, 'test-artifacts', 'python');
const notebookDir = path.join(root, 'notebooks');
const outputDir = path.resolve(root, process.env.NOTEBOOK_OUTPUT_DIR || path.join('test-artifacts', 'notebooks'));
const venv = path.join(root, '.venv');
const venvPython = process.platform === 'win32' ? path.join(venv, 'Scripts', 'python.exe') : path.join(venv, 'bin', 'python');
const requirements = path.join(root, 'scripts', 'python-requirements.txt');
const stampFile = path.join(venv, '.requirements-sha256');
const READY_DEADLINE_MS = 120_000;
const CELL_TIMEOUT_S = 120;
const started = Date.now();

const totals = { passed: 0, failed: 0, skipped: 0 };
// What this run started, for cleanup(): the service, and the Neo4j of its own (when it made one).
let startedService = null;
let ownNeo4j = null;
// Set by SIGINT/SIGTERM; the steps run synchronously, so main() checks it between them.
let interrupted = null;
const say = (message) => console.error(`[python] ${message}`);
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function finish() {
  say(`finished in ${seconds(started)}`);
  const ok = totals.failed === 0 && totals.passed > 0;
  if (!ok && totals.failed === 0) totals.failed = 1; // nothing ran at all
  const skipped = totals.skipped > 0 ? `, ${totals.skipped} skipped` : '';
  // scripts/test.mjs reads the counts from here (PYTHON_SUMMARY_FILE) for its own summary.
  if (process.env.PYTHON_SUMMARY_FILE) writeFileSync(process.env.PYTHON_SUMMARY_FILE, `${JSON.stringify(totals)}\n`);
  console.log(`python: ${totals.passed} passed, ${totals.failed} failed${skipped}`);
  process.exit(ok ? 0 : 1);
}

function notebooks() {
  if (!existsSync(notebookDir)) return [];
  return readdirSync(notebookDir)
    .filter((name) => name.endsWith('.ipynb'))
    .sort()
    .map((name) => path.join(notebookDir, name));
}

/** A committed notebook carries no outputs: they hold data and images that go stale and bloat diffs. */
function checkNotebooksHaveNoOutputs() {
  for (const file of notebooks()) {
    const name = path.relative(root, file);
    let problems;
    try {
      const notebook = JSON.parse(readFileSync(file, 'utf8'));
      problems = (notebook.cells ?? [])
        .map((cell, index) => ({ cell, index }))
        .filter(({ cell }) => cell.cell_type === 'code' && ((cell.outputs ?? []).length > 0 || cell.execution_count != null))
        .map(({ index }) => `cell ${index + 1}`);
    } catch (error) {
      problems = [`not readable as JSON (${error.message})`];
    }
    if (problems.length === 0) {
      totals.passed += 1;
    } else {
      totals.failed += 1;
      say(`FAIL ${name} is committed with outputs (${problems.join(', ')}): clear them (Jupyter: Edit > Clear Outputs of All Cells).`);
    }
  }
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) say(`could not run ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

/** What .venv was built from: when this changes, .venv is rebuilt from scratch. */
function environmentHash(python) {
  const version = spawnSync(python, ['-c', 'import sys; print(sys.version)'], { encoding: 'utf8' });
  const hash = createHash('sha256');
  for (const file of [requirements, path.join(root, 'scripts', 'python-requirements-lock.txt'), path.join(root, 'clients', 'python', 'pyproject.toml')]) {
    hash.update(`${path.relative(root, file)}\n`);
    hash.update(existsSync(file) ? readFileSync(file) : 'missing');
  }
  hash.update(version.stdout ?? '');
  return hash.digest('hex');
}

function ensureVirtualEnvironment() {
  const python = process.env.PYTHON || 'python3';
  const probe = spawnSync(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2]); sys.exit(0 if sys.version_info >= (3, 11) else 3)'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    say(probe.error ? `no ${python} on the PATH (${probe.error.message})` : `Python 3.11 or newer is needed; ${python} is ${probe.stdout.trim()}`);
    return false;
  }
  const wanted = environmentHash(python);
  if (existsSync(venvPython) && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === wanted) {
    say('.venv is up to date');
    return true;
  }
  const since = Date.now();
  say(existsSync(venv) ? '.venv is stale: rebuilding it' : 'creating .venv');
  rmSync(venv, { recursive: true, force: true });
  if (run(python, ['-m', 'venv', venv]) !== 0) return false;
  const pip = [venvPython, '-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--quiet', '-r', requirements];
  if (run(pip[0], pip.slice(1)) !== 0) {
    say('pip install failed; .venv is left without its stamp, so the next run starts over');
    return false;
  }
  writeFileSync(stampFile, `${wanted}\n`);
  say(`.venv ready in ${seconds(since)}`);
  return true;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A fresh Neo4j of this run's own, started with the project's own launcher (the compiled
 * dist/src/neo4j-server/localServer.js, as test/support/globalSetup.ts does for jest).
 */
async function startOwnNeo4j() {
  const require = createRequire(import.meta.url);
  const localServer = require(path.join(root, 'dist', 'src', 'neo4j-server', 'localServer.js'));
  const home = path.join(root, '.neo4j', `python-${process.pid}`);
  rmSync(home, { recursive: true, force: true });
  const neo4j = { home, localServer, uri: null, user: 'neo4j', password: null };
  ownNeo4j = neo4j; // from here on, cleanup() stops it and deletes its folder
  const since = Date.now();
  const port = await freePort();
  const server = await localServer.ensureLocalNeo4j({
    home,
    boltPort: port,
    // Hex: a generated password must never start with '-' (neo4j-admin would take it for an option).
    password: randomBytes(18).toString('hex'),
    heapMb: 512,
    pageCacheMb: 128,
    log: (message) => say(`neo4j: ${message}`),
  });
  Object.assign(neo4j, { uri: server.uri, user: server.user, password: server.password });
  say(`Neo4j of this run's own at ${server.uri} in ${seconds(since)} (${path.relative(root, home)})`);
  return neo4j;
}

async function stopOwnNeo4j() {
  const neo4j = ownNeo4j;
  ownNeo4j = null;
  if (!neo4j) return;
  try {
    await neo4j.localServer.stopLocalNeo4j(neo4j.home);
  } catch (error) {
    say(`could not stop the Neo4j in ${neo4j.home}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (process.env.KEEP_TEST_NEO4J) say(`kept ${path.relative(root, neo4j.home)} (KEEP_TEST_NEO4J)`);
  else rmSync(neo4j.home, { recursive: true, force: true });
}

/** Starts the API on a free port and resolves with its URL once /readyz answers 200. */
async function startService() {
  if (run('node', [path.join(root, 'scripts', 'bootstrap.mjs'), '--quiet']) !== 0) throw new Error('scripts/bootstrap.mjs failed');
  const port = await freePort();
  // The seed graph, whatever the caller's environment says: the notebooks' assertions are about it.
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', SEED_DATA: 'data/seed' };
  delete env.NEO4J_DATABASE;
  if (process.env.TEST_NEO4J_URI) {
    env.NEO4J_URI = process.env.TEST_NEO4J_URI;
    env.NEO4J_USER = process.env.TEST_NEO4J_USER || 'neo4j';
    if (process.env.TEST_NEO4J_PASSWORD) env.NEO4J_PASSWORD = process.env.TEST_NEO4J_PASSWORD;
  } else {
    const neo4j = await startOwnNeo4j();
    env.NEO4J_URI = neo4j.uri;
    env.NEO4J_USER = neo4j.user;
    env.NEO4J_PASSWORD = neo4j.password;
  }
  const logFile = path.join(artifacts, 'service.log');
  const log = openSync(logFile, 'w');
  const child = spawn('node', [path.join(root, 'dist', 'src', 'main.js')], { cwd: root, env, stdio: ['ignore', log, log] });
  closeSync(log);
  let exited = null;
  child.once('exit', (code, signal) => {
    exited = { code, signal };
  });
  const service = { url: null, child, logFile, exited: () => exited };
  startedService = service; // from here on, cleanup() stops it
  const base = `http://127.0.0.1:${port}`;
  say(`starting the service on ${base} (log: ${path.relative(root, logFile)})`);
  const deadline = Date.now() + READY_DEADLINE_MS;
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const response = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) {
        service.url = `${base}/graphql`;
        return service;
      }
    } catch {
      // Not listening yet.
    }
    await sleep(500);
  }
  const tail = readFileSync(logFile, 'utf8').split('\n').slice(-25).join('\n');
  if (!exited) child.kill('SIGKILL');
  throw new Error(`${exited ? `the service exited (${exited.code ?? exited.signal})` : `no 200 from ${base}/readyz within ${READY_DEADLINE_MS / 1000} s`}; the end of its log:\n${tail}`);
}

async function stopService(service) {
  if (!service || service.exited()) return;
  service.child.kill('SIGTERM');
  const deadline = Date.now() + 15_000;
  while (!service.exited() && Date.now() < deadline) await sleep(100);
  if (!service.exited()) {
    say('the service did not stop within 15 s of SIGTERM; killing it');
    service.child.kill('SIGKILL');
  }
}

function pythonEnv(url) {
  return {
    ...process.env,
    MIGRATION_GRAPH_URL: url,
    NOTEBOOK_OUTPUT_DIR: outputDir,
    PYTHONDONTWRITEBYTECODE: '1',
    // Kernels come from .venv only, not from a user's own Jupyter set-up.
    JUPYTER_DATA_DIR: path.join(artifacts, 'jupyter-data'),
    JUPYTER_CONFIG_DIR: path.join(artifacts, 'jupyter-config'),
    JUPYTER_PLATFORM_DIRS: '1',
    IPYTHONDIR: path.join(artifacts, 'ipython'),
    MPLCONFIGDIR: path.join(artifacts, 'matplotlib'),
  };
}

function runPytest(url) {
  const since = Date.now();
  const junit = path.join(artifacts, 'pytest.xml');
  rmSync(junit, { force: true });
  say(`pytest clients/python/tests against ${url}`);
  const status = run(venvPython, ['-m', 'pytest', 'clients/python/tests', '-q', '-p', 'no:cacheprovider', '-rs', `--junitxml=${junit}`], { env: pythonEnv(url) });
  if (!existsSync(junit)) {
    say(`pytest wrote no report (exit ${status})`);
    totals.failed += 1;
    return;
  }
  const xml = readFileSync(junit, 'utf8');
  const suite = /<testsuite\b([^>]*)>/.exec(xml)?.[1] ?? '';
  const count = (name) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(suite)?.[1] ?? 0);
  const [tests, failures, errors, skipped] = ['tests', 'failures', 'errors', 'skipped'].map(count);
  totals.passed += tests - failures - errors - skipped;
  totals.failed += failures + errors;
  totals.skipped += skipped;
  if (status !== 0 && failures + errors === 0) totals.failed += 1; // e.g. exit 5: no test collected
  say(`pytest: ${tests - failures - errors - skipped} passed, ${failures + errors} failed, ${skipped} skipped in ${seconds(since)}`);
}

// Runs in .venv's Python: executes each notebook in a fresh kernel, keeps the executed copy for
// inspection, and reports one JSON line per notebook.
const NOTEBOOK_RUNNER = String.raw`
import json, re, sys, time, traceback
from pathlib import Path
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

executed_dir, timeout = Path(sys.argv[1]), int(sys.argv[2])
executed_dir.mkdir(parents=True, exist_ok=True)
for name in sys.argv[3:]:
    path = Path(name)
    notebook = nbformat.read(path, as_version=4)
    began = time.time()
    error = None
    try:
        NotebookClient(notebook, timeout=timeout, startup_timeout=60, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    except CellTimeoutError as e:
        error = "a cell ran longer than %d s: %s" % (timeout, e)
    except CellExecutionError as e:
        error = str(e)
    except Exception:
        error = traceback.format_exc()
    if error:
        error = re.sub(r"\x1b\[[0-9;]*m", "", error)  # the traceback's terminal colours
    nbformat.write(notebook, executed_dir / path.name)
    print("@@notebook " + json.dumps({"notebook": path.name, "ok": error is None, "seconds": round(time.time() - began, 1), "error": error}), flush=True)
`;

function runNotebooks(url) {
  const files = notebooks();
  if (files.length === 0) {
    say('no notebook in notebooks/');
    totals.failed += 1;
    return;
  }
  mkdirSync(outputDir, { recursive: true });
  const executedDir = path.join(outputDir, 'executed');
  say(`executing ${files.length} notebooks (figures in ${path.relative(root, outputDir) || '.'}, executed copies in ${path.relative(root, executedDir)})`);
  const result = spawnSync(venvPython, ['-c', NOTEBOOK_RUNNER, executedDir, String(CELL_TIMEOUT_S), ...files], {
    cwd: notebookDir,
    env: pythonEnv(url),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  writeFileSync(path.join(artifacts, 'notebooks.log'), `${result.stdout ?? ''}\n${result.stderr ?? ''}`);
  const reports = (result.stdout ?? '')
    .split('\n')
    .filter((line) => line.startsWith('@@notebook '))
    .map((line) => JSON.parse(line.slice('@@notebook '.length)));
  for (const file of files) {
    const report = reports.find((r) => r.notebook === path.basename(file));
    if (report?.ok) {
      totals.passed += 1;
      say(`ok   ${path.relative(root, file)} (${report.seconds} s)`);
    } else {
      totals.failed += 1;
      say(`FAIL ${path.relative(root, file)}${report ? ` (${report.seconds} s)` : ''}`);
      console.error(report?.error ?? `no report from the runner (exit ${result.status}):\n${(result.stderr ?? '').slice(-4000)}`);
    }
  }
}

let cleaning = null;
/** Stops the service, then this run's own Neo4j (and deletes its folder); safe to call twice. */
function cleanup() {
  cleaning ??= (async () => {
    await stopService(startedService);
    await stopOwnNeo4j();
  })();
  return cleaning;
}

async function main() {
  mkdirSync(artifacts, { recursive: true });
  checkNotebooksHaveNoOutputs();
  if (!ensureVirtualEnvironment()) {
    totals.failed += 1;
    return finish();
  }
  let url = process.env.MIGRATION_GRAPH_URL;
  const stopOnSignal = (signal) => {
    interrupted = signal;
    say(`${signal}: stopping what this run started`);
    void cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  // Lets a signal that arrived during a synchronous step be handled before the next one starts;
  // once interrupted, main() waits here while the handler cleans up and exits.
  const checkpoint = async () => {
    await sleep(20);
    if (interrupted) await new Promise(() => {});
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    if (!url) {
      const since = Date.now();
      const service = await startService();
      url = service.url;
      say(`service ready in ${seconds(since)}`);
    } else {
      say(`using the service at ${url}`);
    }
    await checkpoint();
    runPytest(url);
    await checkpoint();
    runNotebooks(url);
    await checkpoint();
  } catch (error) {
    say(error instanceof Error ? error.message : String(error));
    totals.failed += 1;
  } finally {
    await cleanup();
  }
  finish();
}

await main();
