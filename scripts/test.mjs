#!/usr/bin/env node
// `npm test`: type-checks everything (tests included), then runs the unit tests and the
// integration tests against a real Neo4j that the run starts for itself, and ends with one
// line that counts what passed and failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
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

const report = path.join(artifacts, 'jest-results.json');
const extra = process.argv.slice(2);
const status = step('jest (unit + integration on a real Neo4j)', 'npx', ['jest', '--json', `--outputFile=${report}`, ...extra]);

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
console.error(`[test] finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(status === 0 && failed === 0 ? 0 : 1);
