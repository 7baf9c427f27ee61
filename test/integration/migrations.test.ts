import type { Database } from '../../src/db/driver/database';
import { migrate, pendingMigrations, readMigrations } from '../../src/db/driver/migrations';
import { connectTestDatabase } from '../support/testDatabase';

let db: Database;
beforeAll(() => {
  db = connectTestDatabase();
});
afterAll(async () => {
  await db.close();
});

describe('schema migrations', () => {
  it('are recorded in the database, one node per migration', async () => {
    const result = await db.read('MATCH (m:Migration) RETURN m.id AS id ORDER BY id', {});
    expect(result.records.map((r) => r.get('id'))).toEqual(readMigrations().map((m) => m.id));
    expect(await pendingMigrations(db)).toEqual([]);
  });

  it('apply nothing the second time', async () => {
    expect(await migrate(db)).toEqual([]);
  });

  it('create the uniqueness constraints and the full-text index', async () => {
    const constraints = await db.read("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type WHERE type = 'UNIQUENESS' RETURN labelsOrTypes[0] AS label, properties[0] AS property", {});
    const unique = constraints.records.map((r) => `${r.get('label')}.${r.get('property')}`);
    for (const label of ['Entity', 'Organisation', 'Project', 'Country', 'LegalFramework', 'Person', 'Source', 'Migration']) expect(unique).toContain(`${label}.id`);
    const fulltext = await db.read("SHOW FULLTEXT INDEXES YIELD name, state, properties RETURN name, state, properties", {});
    const search = fulltext.records.find((r) => r.get('name') === 'entity_search');
    expect(search?.get('state')).toBe('ONLINE');
    expect(search?.get('properties')).toEqual(['name', 'acronym', 'aliasesText', 'description']);
  });

  it('refuse a migration edited after it was applied', async () => {
    const [first, ...rest] = readMigrations();
    await expect(migrate(db, [{ ...first!, checksum: 'edited' }, ...rest])).rejects.toThrow(/changed after it was applied/);
  });

  it('enforce unique ids', async () => {
    await db.write((tx) => tx.run("MERGE (:Entity:Country {id: 'country:ZZ-dup-test', isoCode: 'ZZ'})"));
    await expect(db.write((tx) => tx.run("CREATE (:Entity:Country {id: 'country:ZZ-dup-test', isoCode: 'ZY'})"))).rejects.toThrow();
    await db.write((tx) => tx.run("MATCH (n {id: 'country:ZZ-dup-test'}) DELETE n"));
  });
});
