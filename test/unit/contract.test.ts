import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, findBreakingChanges } from 'graphql';
import { projectRoot } from '../../src/projectRoot';
import { buildSchemaFromFiles } from '../../src/graphql/schemaDocument';

const vendored = path.join(projectRoot(), 'docs', 'api-contract.graphql');
const shared = path.join(projectRoot(), '..', 'shared', 'api-contract.graphql');

describe('the public API contract', () => {
  it('is kept by schema/*.graphql: findBreakingChanges(contract, schema) finds nothing', () => {
    const contract = buildSchema(readFileSync(vendored, 'utf8'));
    const changes = findBreakingChanges(contract, buildSchemaFromFiles());
    expect(changes).toEqual([]);
  });

  it('in docs/ is the same as the shared contract, when the shared one is beside the checkout', () => {
    if (!existsSync(shared)) {
      expect(existsSync(vendored)).toBe(true);
      return;
    }
    expect(readFileSync(vendored, 'utf8')).toBe(readFileSync(shared, 'utf8'));
  });

  it('would catch a removed field (the check is not vacuous)', () => {
    const contract = buildSchema(readFileSync(vendored, 'utf8'));
    const weakened = buildSchema(readFileSync(vendored, 'utf8').replace('  units: [Organisation!]!\n', ''));
    expect(findBreakingChanges(contract, weakened).length).toBeGreaterThan(0);
  });
});
