#!/usr/bin/env node
// `npm test`: type-checks everything (tests included), checks that no import climbs a layer or
// closes a cycle (`npm run deps:check`, the rules in .dependency-cruiser.cjs), runs the unit
// tests and the integration tests against a real Neo4j that the run starts for itself, then the Python step
// (scripts/test-python.mjs: the Python client's tests and the notebooks, against a service on
// the seed graph in a fresh Neo4j of its own), and ends with two lines that count what passed
// and failed:
//
//   tests: N passed, M failed, K skipped      (jest)
//   python: N passed, M failed                (pytest + notebooks; `python: skipped` with SKIP_PYTHON=1)
//
// It exits non-zero when either part fails. Arguments go to jest (`npm test -- --selectProjects unit`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const artifacts = path.join(root, 'test-artifacts');
mkdirSync(artifacts, { recursive: true });
const started = Date.now();

function step(name, command, args) {
  console.error(`\n[test] ${name}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  return result.status ?? 1;
}

if (step('type-check', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']) !== 0) {
  console.error('[test] the type-check failed');
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}

if (step('import layers and cycles', 'npm', ['run', '--silent', 'deps:check']) !== 0) {
  console.error('[test] an import runs the wrong way or closes a cycle (see above; the layers are in .dependency-cruiser.cjs)');
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}

const report = path.join(artifacts, 'jest-results.json');
const extra = process.argv.slice(2);
// --ci: a snapshot that is missing fails the run instead of being written (test/unit/__snapshots__ is committed).
const status = step('jest (unit + integration on a real Neo4j)', 'npx', ['jest', '--ci', '--json', `--outputFile=${report}`, ...extra]);

let passed = 0;
let failed = status === 0 ? 0 : 1;
let skipped = 0;
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0);
  skipped = results.numPendingTests + results.numTodoTests;
  if (status !== 0 && failed === 0) failed = 1;
}
// The Python step: its output goes to stderr like every other step's, and its counts come back
// in a small JSON file (its own summary line is repeated below, after jest's).
let python = null;
if (process.env.SKIP_PYTHON === '1' || process.env.SKIP_PYTHON === 'true') {
  console.error('\n[test] python: skipped (SKIP_PYTHON is set)');
} else {
  const summary = path.join(artifacts, 'python', 'summary.json');
  rmSync(summary, { force: true });
  console.error('\n[test] python (client tests + notebooks on the seed graph): node scripts/test-python.mjs');
  const result = spawnSync('node', [path.join(root, 'scripts', 'test-python.mjs')], {
    cwd: root,
    stdio: ['inherit', 2, 'inherit'], // its stdout onto our stderr: our stdout is the summary only
    env: { ...process.env, PYTHON_SUMMARY_FILE: summary },
  });
  python = existsSync(summary) ? JSON.parse(readFileSync(summary, 'utf8')) : { passed: 0, failed: 1, skipped: 0 };
  if (result.status !== 0 && python.failed === 0) python.failed = 1;
}

console.error(`[test] finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
console.log(python ? `python: ${python.passed} passed, ${python.failed} failed${python.skipped > 0 ? `, ${python.skipped} skipped` : ''}` : 'python: skipped (SKIP_PYTHON)');
const jestOk = status === 0 && failed === 0;
const pythonOk = python === null || python.failed === 0;
process.exit(jestOk && pythonOk ? 0 : 1);
