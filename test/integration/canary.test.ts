import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { CypherCatalog } from '../../src/db/cypher/catalog';
import { DatasetError } from '../../src/ingest/datasetErrors';
import { ingest } from '../../src/ingest/ingest';
import { projectRoot } from '../../src/projectRoot';
import { DenyList, defaultDenyListPath, denyListEntry } from '../../src/security/denyList';
import { curationWorld, writeFixture } from '../support/fixtures';
import { ADMIN, CURATOR, startTestApi, type Answer, type TestApi } from '../support/testApi';
import { testDatabaseSettings, uniqueToken } from '../support/testDatabase';

/**
 * The canary: a survivor's name (made up here; no real person) put on a test deny-list is
 * refused by every write and by ingestion, and is found afterwards in no node, no
 * relationship, no response and no line of the server's log.
 */
const CANARY = 'Orsolya Brandvik-Tamaš';
const SPELLINGS = [CANARY, 'ORSOLYA BRANDVIK TAMAS', 'orsolya brandvik-tamas'];
/** What would betray the name in any spelling: its rarest word, folded. */
const NEEDLE = 'brandvik';

const dir = mkdtempSync(path.join(tmpdir(), 'mgg-canary-'));
const denyListPath = path.join(dir, 'deny-list.txt');
writeFileSync(denyListPath, `${readFileSync(defaultDenyListPath(), 'utf8')}\n# test canary\n${denyListEntry(CANARY)}\n`);

const token = uniqueToken();
const world = curationWorld(token);
const fixture = writeFixture(world.files, world.documents);
let api: TestApi;
const responses: string[] = [];
const consoleLines: string[] = [];

async function send(query: string, variables: Record<string, unknown>, key = CURATOR): Promise<Answer> {
  const answer = await api.gql(query, variables, key);
  responses.push(answer.text);
  return answer;
}

const givenDenyListPath = process.env.DENY_LIST_PATH;

beforeAll(async () => {
  // Ingestion in this process reads DENY_LIST_PATH, as the CLI and the service do.
  process.env.DENY_LIST_PATH = denyListPath;
  for (const method of ['log', 'warn', 'error', 'info'] as const) {
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void consoleLines.push(args.map(String).join(' ')));
  }
  // Through the configuration, as a deployment would give it.
  const config = loadConfig({ DENY_LIST_PATH: denyListPath });
  api = await startTestApi({ denyList: DenyList.load(config.denyListPath), documentsDir: fixture.documentsDir, rateLimit: null });
  await ingest(api.db, new CypherCatalog(), fixture.datasetDir, { documentsDir: fixture.documentsDir });
});
afterAll(async () => {
  await api.close();
  jest.restoreAllMocks();
  if (givenDenyListPath === undefined) delete process.env.DENY_LIST_PATH;
  else process.env.DENY_LIST_PATH = givenDenyListPath;
});

const CREATE = 'mutation($input: CreateEntityInput!) { createEntity(input: $input) { entity { id name } } }';
const evidence = { document: world.ref, excerpt: 'Named in the public register.' };

describe('a survivor name on the deny-list', () => {
  it.each(SPELLINGS)('is refused as a person\'s name, in any spelling ("%s"), with SENSITIVE_DATA and the field, never the name', async (spelling) => {
    const answer = await send(CREATE, { input: { type: 'PERSON', id: `person:${token}-p${SPELLINGS.indexOf(spelling)}`, name: spelling, evidence } });
    // An input error with nothing answered (data null) is a 400 (graphql/plugins/httpStatus.ts).
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'SENSITIVE_DATA', field: 'input.name' });
    expect(answer.body.data).toBeNull();
  });

  it('is refused in every other text of a write: alias, description, id, excerpt, role, title', async () => {
    const attempts: Array<[string, Record<string, unknown>, string]> = [
      [CREATE, { input: { type: 'PERSON', id: `person:${token}-alias`, name: `${token} Alias`, aliases: ['A. Smith', `Ms ${CANARY}`], evidence } }, 'input.aliases.1'],
      [CREATE, { input: { type: 'PROJECT', id: `project:${token}-told`, name: `${token} Told`, description: `The story of ${CANARY}, as told to us.`, evidence } }, 'input.description'],
      [CREATE, { input: { type: 'PERSON', id: 'person:orsolya-brandvik-tamas', name: `${token} Slug`, evidence } }, 'input.id'],
      [CREATE, { input: { type: 'PERSON', id: `person:${token}-ex`, name: `${token} Ex`, evidence: { document: world.ref, excerpt: `Interview with ${CANARY}` } } }, 'evidence.excerpt'],
      [
        'mutation($id: ID!, $input: UpdateEntityInput!, $e: EvidenceInput!) { updateEntity(id: $id, input: $input, evidence: $e) { entity { id } } }',
        { id: `org:${token}-agency`, input: { name: CANARY }, e: evidence },
        'input.name',
      ],
      [
        'mutation($input: LinkInput!) { link(input: $input) { linked } }',
        { input: { from: `project:${token}-project`, to: `org:${token}-agency`, type: 'BENEFITS', role: `support to ${CANARY}`, evidence } },
        'input.role',
      ],
      [
        'mutation($input: LinkInput!) { link(input: $input) { linked } }',
        { input: { from: `person:${token}-manager`, to: `org:${token}-agency`, type: 'WORKS_FOR', title: `carer of ${CANARY}`, evidence } },
        'input.title',
      ],
      [
        'mutation($e: EvidenceInput!) { mergeEntities(keep: "org:x", remove: "org:y", evidence: $e) { entity { id } } }',
        { e: { document: world.ref, excerpt: `${CANARY} said so` } },
        'evidence.excerpt',
      ],
    ];
    for (const [query, variables, field] of attempts) {
      const answer = await send(query, variables, ADMIN);
      expect({ field, extensions: answer.body.errors?.[0]?.extensions }).toMatchObject({ field, extensions: { code: 'SENSITIVE_DATA', field } });
    }
  });

  it('is refused when written into the query document itself', async () => {
    const answer = await send(`mutation { createEntity(input: { type: PERSON, id: "person:${token}-inline", name: "${CANARY}", evidence: { document: "${world.ref}", excerpt: "x" } }) { entity { id } } }`, {});
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('SENSITIVE_DATA');
  });

  it('is refused by ingestion, with file, entry and field, leaving the graph untouched', async () => {
    const files = structuredClone(world.files) as { 'world.yaml': { people: Array<Record<string, unknown>> } };
    files['world.yaml'].people.push({ id: `person:${token}-survivor`, name: CANARY, evidence: [{ document: world.ref, excerpt: 'x' }] });
    const bad = writeFixture(files, world.documents);
    const error = await ingest(api.db, new CypherCatalog(), bad.datasetDir, { documentsDir: bad.documentsDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    const issue = (error as DatasetError).issues.find((i) => i.field === 'name');
    expect(issue).toMatchObject({ entry: 'people[1]', id: `person:${token}-survivor`, field: 'name' });
    expect(issue?.file).toMatch(/world\.yaml$/);
    responses.push((error as Error).message);

    const settings = testDatabaseSettings();
    const cli = spawn(process.execPath, [path.join(projectRoot(), 'dist', 'src', 'cli', 'ingest.js'), bad.datasetDir, '--documents', bad.documentsDir], {
      env: { ...process.env, NEO4J_URI: settings.uri, NEO4J_PASSWORD: settings.password, DENY_LIST_PATH: denyListPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    cli.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    cli.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => cli.once('exit', resolve));
    responses.push(output);
    expect(code).toBe(1);
    expect(output).toMatch(new RegExp(`world\\.yaml: people\\[1\\] \\(person:${token}-survivor\\): name: names a person on the deny-list`));
  }, 60_000);

  it('is found nowhere afterwards: not in the graph, not in any response, not in the server log', async () => {
    const search = await send('query($q: String!) { search(query: $q) { entity { id name } } }', { q: CANARY });
    expect(search.status).toBe(200);

    const inNodes = await api.db.read(
      `MATCH (n) WHERE any(k IN keys(n) WHERE
         (n[k] IS :: STRING AND toLower(n[k]) CONTAINS $needle) OR
         (n[k] IS :: LIST<STRING NOT NULL> AND any(x IN n[k] WHERE toLower(x) CONTAINS $needle)))
       RETURN count(n) AS n`,
      { needle: NEEDLE },
    );
    const inRelationships = await api.db.read(
      `MATCH ()-[r]->() WHERE any(k IN keys(r) WHERE
         (r[k] IS :: STRING AND toLower(r[k]) CONTAINS $needle) OR
         (r[k] IS :: LIST<STRING NOT NULL> AND any(x IN r[k] WHERE toLower(x) CONTAINS $needle)))
       RETURN count(r) AS n`,
      { needle: NEEDLE },
    );
    expect(Number(inNodes.records[0]?.get('n'))).toBe(0);
    expect(Number(inRelationships.records[0]?.get('n'))).toBe(0);
    expect(await api.db.read('MATCH (n:Entity) WHERE n.id CONTAINS $token AND n.id STARTS WITH "person:" RETURN n.id AS id', { token }).then((r) => r.records.map((x) => x.get('id')))).toEqual([
      `person:${token}-manager`,
    ]);

    expect(responses.length).toBeGreaterThan(10);
    for (const text of responses) expect(text.toLowerCase()).not.toContain(NEEDLE);
    expect(api.logs.join('\n').toLowerCase()).not.toContain(NEEDLE);
    expect(consoleLines.join('\n').toLowerCase()).not.toContain(NEEDLE);
  });
});
