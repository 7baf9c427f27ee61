#!/usr/bin/env node
// Fails when src/generated is stale: regenerates it from schema/*.graphql and compares.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.join(root, 'src', 'generated', 'graphql.ts');
const hash = () => (existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : 'missing');

const before = hash();
const result = spawnSync('npx', ['graphql-codegen', '--config', 'codegen.ts', '--silent'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
if (hash() !== before) {
  console.error('src/generated/graphql.ts was stale: it did not match schema/*.graphql. It has been regenerated; commit it.');
  process.exit(1);
}
console.error('[codegen] src/generated is up to date with schema/*.graphql');
