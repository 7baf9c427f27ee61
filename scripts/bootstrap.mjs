#!/usr/bin/env node
// Makes a fresh clone runnable before `npm start` and `npm test`: checks the prerequisites
// (Node 20+, a JDK 17+, Maven), installs the npm dependencies when they are missing or older
// than package-lock.json, and compiles the TypeScript when the sources are newer than the build.
// It uses nothing but Node itself, since it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
const checkGenerated = process.argv.includes('--check-generated');
const say = (message) => {
  if (!quiet) console.error(`[bootstrap] ${message}`);
};
const fail = (message) => {
  console.error(`[bootstrap] ${message}`);
  process.exit(1);
};

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit', ...options });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(' ')} failed (exit ${result.status}).`);
}

function versionOf(command, args, pattern) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error || result.status !== 0) return null;
  const match = pattern.exec(`${result.stdout}\n${result.stderr}`);
  return match ? Number(match[1]) : null;
}

// Prerequisites: say exactly what is missing.
const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < 20) fail(`Node 20 or newer is needed; this is ${process.versions.node}.`);
const usesLocalNeo4j = !process.env.NEO4J_URI;
if (usesLocalNeo4j) {
  const java = versionOf('java', ['-version'], /version "(\d+)/);
  if (java === null) fail('A JDK 17 or newer is needed to run the local Neo4j (no `java` on the PATH). Or set NEO4J_URI to use another database.');
  if (java < 17) fail(`Neo4j 5.26 needs Java 17 or newer; found Java ${java}.`);
  if (versionOf('mvn', ['-v'], /Apache Maven (\d+)/) === null) fail('Maven is needed to fetch the Neo4j server jars (no `mvn` on the PATH). Or set NEO4J_URI.');
}

function newest(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(target)) latest = Math.max(latest, newest(path.join(target, entry)));
  return latest;
}

// Dependencies: npm ci when node_modules is missing or older than the lock file.
const installed = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');
if (!existsSync(installed) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs + 1)) {
  say('installing npm dependencies (npm ci)…');
  run('npm', existsSync(lock) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund']);
}

// Generated code: the test run checks it is up to date before anything regenerates it.
if (checkGenerated) run('node', [path.join(root, 'scripts', 'codegen-check.mjs')]);

// Build: codegen and tsc when any source is newer than the last build.
const stamp = path.join(root, 'dist', '.build-stamp');
const sources = Math.max(...['src', 'schema', 'codegen.ts', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((p) => newest(path.join(root, p))));
if (!existsSync(stamp) || statSync(stamp).mtimeMs < sources) {
  say('building (codegen + tsc)…');
  if (!checkGenerated) run('npx', ['graphql-codegen', '--config', 'codegen.ts', ...(quiet ? ['--silent'] : [])]);
  run('npx', ['tsc', '-p', 'tsconfig.build.json']);
  mkdirSync(path.dirname(stamp), { recursive: true });
  writeFileSync(stamp, new Date().toISOString());
}
