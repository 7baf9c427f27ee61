import { CypherCatalog } from '../../src/db/cypher/catalog';
import { ingest } from '../../src/ingest/ingest';
import { DatasetError } from '../../src/ingest/datasetErrors';
import { DenyList, denyListEntry } from '../../src/security/denyList';
import { curationWorld, writeFixture } from '../support/fixtures';
import { CURATOR, startTestApi, type TestApi } from '../support/testApi';
import { uniqueToken } from '../support/testDatabase';

/**
 * The one text policy (issue 18): names with invisible or control characters are refused
 * with the character named; a name that only looks like another (zero-width characters,
 * look-alike letters of other scripts) is seen as that name, by "name already taken" and by
 * the survivor deny-list; nothing refused is written.
 */
const LISTED = 'Orsolya Brandvik';
const token = uniqueToken();
const world = curationWorld(token);
const fixture = writeFixture(world.files, world.documents);
const CREATE = `mutation($input: CreateEntityInput!) { createEntity(input: $input) { entity { id name } } }`;

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ documentsDir: fixture.documentsDir, denyList: DenyList.fromEntries([denyListEntry(LISTED)]), rateLimit: null });
  await ingest(api.db, new CypherCatalog(), fixture.datasetDir, { documentsDir: fixture.documentsDir });
});
afterAll(async () => {
  await api.close();
});

function organisation(suffix: string, name: string) {
  return { type: 'ORGANISATION', id: `org:${token}-${suffix}`, name, kind: 'OTHER', evidence: { document: world.doc, excerpt: world.say.foundation } };
}

async function exists(id: string): Promise<boolean> {
  const result = await api.db.read('MATCH (n:Entity {id: $id}) RETURN count(n) AS n', { id });
  return Number(result.records[0]?.get('n')) > 0;
}

describe('names with hidden characters', () => {
  it.each([
    ['a zero-width space', '\u200b', '200B'],
    ['a right-to-left override', '\u202e', '202E'],
    ['a NUL', '\u0000', '0000'],
    ['a soft hyphen', '\u00ad', '00AD'],
  ])('refuses a name carrying %s, names the character, and writes nothing', async (_what, ch, code) => {
    const input = organisation(`hidden-${code.toLowerCase()}`, `${token} Foun${ch}dation`);
    const response = await api.gql(CREATE, { input }, CURATOR);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.message).toContain(`U+${code}`);
    expect(await exists(input.id)).toBe(false);
  });
});

describe('names that only look like another', () => {
  it('sees a taken name written with look-alike letters as that name', async () => {
    // The world's agency is "<token> Agency"; here its A, e and c are Cyrillic.
    const spoofed = organisation('spoofed-twin', `${token} \u0410g\u0435n\u0441y`);
    const response = await api.gql(CREATE, { input: spoofed }, CURATOR);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.message).toMatch(/already bears this name/);
    expect(await exists(spoofed.id)).toBe(false);
  });

  it('refuses a survivor’s name written with look-alike letters, without echoing it', async () => {
    const input = organisation('spoofed-survivor', 'Orsolya Br\u0430ndvik Foundation');
    const response = await api.gql(CREATE, { input }, CURATOR);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('SENSITIVE_DATA');
    expect(response.text).not.toMatch(/br.ndvik/i);
    expect(await exists(input.id)).toBe(false);
  });
});

describe('datasets with hidden characters', () => {
  it('refuses a dataset whose names carry a bidirectional override, naming file, entry and field', async () => {
    const bad = writeFixture(
      {
        'bad.yaml': {
          sources: [{ id: world.doc, title: 'report' }],
          organisations: [{ id: `org:${token}-bidi`, name: `${token} \u202eMinistry`, evidence: [{ document: world.doc, excerpt: world.say.ministry }] }],
        },
      },
      world.documents,
    );
    const attempt = ingest(api.db, new CypherCatalog(), bad.datasetDir, { documentsDir: bad.documentsDir });
    await expect(attempt).rejects.toBeInstanceOf(DatasetError);
    await expect(attempt).rejects.toThrow(/bad\.yaml.*organisations\[0\].*name.*U\+202E/s);
    expect(await exists(`org:${token}-bidi`)).toBe(false);
  });
});
