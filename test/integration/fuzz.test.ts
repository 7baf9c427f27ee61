import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { CypherCatalog } from '../../src/db/cypher/catalog';
import { ingest } from '../../src/ingest/ingest';
import { buildSchemaFromFiles } from '../../src/graphql/schemaDocument';
import { curationWorld, writeFixture } from '../support/fixtures';
import { ADMIN, startTestApi, type Answer, type TestApi } from '../support/testApi';
import { uniqueToken } from '../support/testDatabase';

/**
 * Property-based injection tests: Cypher, Lucene and GraphQL metacharacters through every
 * string argument of every query and mutation. Reads leave the graph exactly as it was; no
 * answer is a 5xx, an internal error or a database error; a write stores what it was given,
 * literally, and adds no label or relationship type.
 */

const METACHARACTERS = [
  "'", '"', '`', '\\', '{', '}', '(', ')', '[', ']', ';', ':', '$', '|', '-', '>', '<', '=', ',', '.', '*', '?', '~', '^', '!', '&', '+', '/', '#', '@', '%',
  '//', '/*', '*/', '"""', '...', '\n', '\r\n', '\t', '\u0000', '\u202e', 'İ', 'ß', '😀',
  "' OR 1=1 //",
  '"}) MATCH (n) DETACH DELETE n //',
  '`) DETACH DELETE n WITH 1 AS x MATCH (m',
  '$ids',
  '{{LABEL}}',
  'CALL db.labels()',
  '} mutation { mergeEntities(keep: "a", remove: "b") { entity { id } } } #',
  '__proto__',
  'constructor',
  'title:* OR name:*~',
  'AND OR NOT',
  '\\u0027',
] as const;

/** A string of metacharacters, words and arbitrary text, in any mix. */
const hostileString = fc
  .array(fc.oneof(fc.constantFrom(...METACHARACTERS), fc.string({ maxLength: 8 }), fc.constantFrom('DGMM', 'Qzland', 'org:x', 'project:')), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(''));

const schema = buildSchemaFromFiles();
const token = uniqueToken();
const world = curationWorld(token);
const fixture = writeFixture(world.files, world.documents);
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ rateLimit: null, documentsDir: fixture.documentsDir });
  await ingest(api.db, new CypherCatalog(), fixture.datasetDir, { documentsDir: fixture.documentsDir });
});
afterAll(async () => {
  await api.close();
});

interface GraphShape {
  nodes: number;
  rels: number;
  labels: string[];
  types: string[];
}

async function graphShape(): Promise<GraphShape> {
  const nodes = await api.db.read('MATCH (n) RETURN count(n) AS n', {});
  const rels = await api.db.read('MATCH ()-[r]->() RETURN count(r) AS n', {});
  const labels = await api.db.read('MATCH (n) UNWIND labels(n) AS label RETURN collect(DISTINCT label) AS labels', {});
  const types = await api.db.read('MATCH ()-[r]->() RETURN collect(DISTINCT type(r)) AS types', {});
  return {
    nodes: Number(nodes.records[0]?.get('n')),
    rels: Number(rels.records[0]?.get('n')),
    labels: [...(labels.records[0]?.get('labels') as string[])].sort(),
    types: [...(types.records[0]?.get('types') as string[])].sort(),
  };
}

/** A value for a required argument that is not a string, so the field can run at all. */
function placeholder(type: GraphQLInputType, depth: number): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [placeholder(nullable.ofType, depth)];
  if (isEnumType(nullable)) return nullable.getValues()[0]?.value;
  if (isScalarType(nullable)) {
    if (nullable.name === 'Int' || nullable.name === 'Float') return 1;
    if (nullable.name === 'Boolean') return true;
    if (nullable.name === 'Date') return '2020-01-01';
    return 'x';
  }
  if (isInputObjectType(nullable) && depth < 3) {
    return Object.fromEntries(Object.values(nullable.getFields()).filter((f) => isNonNullType(f.type)).map((f) => [f.name, placeholder(f.type, depth + 1)]));
  }
  return null;
}

/**
 * Builds an argument value with every String and ID slot (top level and inside input objects,
 * not following self-references) filled from `fill`, and the required rest from placeholders.
 */
function argumentValue(type: GraphQLInputType, fill: () => string, seen: Set<string>): { value: unknown; slots: number } {
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const inner = argumentValue(nullable.ofType, fill, seen);
    return { value: [inner.value], slots: inner.slots };
  }
  if (isScalarType(nullable) && (nullable.name === 'String' || nullable.name === 'ID')) return { value: fill(), slots: 1 };
  if (isInputObjectType(nullable) && !seen.has(nullable.name)) {
    const inner = new Set(seen).add(nullable.name);
    let slots = 0;
    const value: Record<string, unknown> = {};
    for (const field of Object.values(nullable.getFields())) {
      const part = argumentValue(field.type, fill, inner);
      if (part.slots > 0) {
        value[field.name] = part.value;
        slots += part.slots;
      } else if (isNonNullType(field.type)) value[field.name] = placeholder(field.type, 0);
    }
    return { value, slots };
  }
  return { value: isNonNullType(type) ? placeholder(type, 0) : undefined, slots: 0 };
}

interface Target {
  operation: 'query' | 'mutation';
  field: GraphQLField<unknown, unknown>;
}

function targets(root: GraphQLObjectType | null | undefined, operation: Target['operation']): Target[] {
  return root ? Object.values(root.getFields()).map((field) => ({ operation, field })) : [];
}

/** The request for `target` with its string slots filled from `strings` (cycled). */
function request(target: Target, strings: string[]): { query: string; variables: Record<string, unknown>; slots: number } {
  let i = 0;
  const fill = () => strings[i++ % strings.length] as string;
  const args = target.field.args as readonly GraphQLArgument[];
  const variables: Record<string, unknown> = {};
  let slots = 0;
  for (const arg of args) {
    const part = argumentValue(arg.type, fill, new Set());
    slots += part.slots;
    if (part.value !== undefined) variables[arg.name] = part.value;
  }
  const declared = args.filter((arg) => variables[arg.name] !== undefined);
  const signature = declared.length > 0 ? `(${declared.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ')})` : '';
  const call = declared.length > 0 ? `(${declared.map((arg) => `${arg.name}: $${arg.name}`).join(', ')})` : '';
  const selection = getNamedType(target.field.type) && !isScalarType(getNamedType(target.field.type)) && !isEnumType(getNamedType(target.field.type)) ? ' { __typename }' : '';
  return { query: `${target.operation}${signature} { ${target.field.name}${call}${selection} }`, variables, slots };
}

function expectHandled(answer: Answer, what: string): void {
  const codes = (answer.body.errors ?? []).map((e) => e.extensions?.code);
  // A failing property prints `what`; the assertion is the condition itself.
  if (answer.status >= 500 || codes.includes('INTERNAL_SERVER_ERROR') || codes.includes('DATABASE_ERROR')) {
    throw new Error(`${what} answered ${answer.status} ${JSON.stringify(answer.body.errors)}`);
  }
  expect(answer.status).toBeLessThan(500);
}

const readTargets = targets(schema.getQueryType(), 'query').filter((t) => request(t, ['x']).slots > 0);
const writeTargets = targets(schema.getMutationType(), 'mutation').filter((t) => request(t, ['x']).slots > 0);

describe('metacharacters in every string argument', () => {
  it('covers the string arguments of the queries and mutations', () => {
    expect(readTargets.map((t) => t.field.name)).toEqual(expect.arrayContaining(['node', 'projects', 'organisations', 'search', 'neighbourhood', 'history']));
    expect(writeTargets.map((t) => t.field.name).sort()).toEqual(['createEntity', 'link', 'mergeEntities', 'unlink', 'updateEntity']);
  });

  it('leave the graph unchanged through every read, and never answer 5xx or a database error', async () => {
    const before = await graphShape();
    let answered = 0;
    for (const target of readTargets) {
      await fc.assert(
        fc.asyncProperty(fc.array(hostileString, { minLength: 1, maxLength: 4 }), async (strings) => {
          const { query, variables } = request(target, strings);
          const answer = await api.gql(query, variables, ADMIN);
          expectHandled(answer, `${query} ${JSON.stringify(variables)}`);
          if (answer.status === 200 && answer.body.data) answered += 1;
        }),
        { numRuns: 20 },
      );
    }
    expect(await graphShape()).toEqual(before);
    // The strings reached the resolvers (and so the database) rather than being turned away.
    expect(answered).toBeGreaterThan(readTargets.length * 10);
  }, 300_000);

  it('are parsed, never run, when written into the query document itself', async () => {
    const before = await graphShape();
    await fc.assert(
      fc.asyncProperty(hostileString, async (text) => {
        const raw = await api.gql(`{ search(query: "${text}") { score } organisation(name: "${text}") { id } }`);
        expect([200, 400]).toContain(raw.status);
        const escaped = await api.gql(`{ search(query: ${JSON.stringify(text)}) { score } }`);
        expectHandled(escaped, text);
      }),
      { numRuns: 100 },
    );
    expect(await graphShape()).toEqual(before);
  }, 120_000);

  it('change nothing through a mutation whose input does not hold, and never answer 5xx', async () => {
    const before = await graphShape();
    for (const target of writeTargets) {
      await fc.assert(
        fc.asyncProperty(fc.array(hostileString, { minLength: 1, maxLength: 4 }), async (strings) => {
          const { query, variables } = request(target, strings);
          expectHandled(await api.gql(query, variables, ADMIN), `${query} ${JSON.stringify(variables)}`);
        }),
        { numRuns: 20 },
      );
    }
    expect(await graphShape()).toEqual(before);
  }, 300_000);

  it('are stored literally by a write that holds, adding one entity and its record and nothing else', async () => {
    let n = 0;
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(hostileString, hostileString, hostileString, async (name, alias, excerpt) => {
        n += 1;
        const id = `org:${token}-fuzz-${n}`;
        const input = {
          type: 'ORGANISATION',
          id,
          name: `${token} F${n} ${name}`,
          acronym: `F${n}${alias}`,
          aliases: [`${token} A${n} ${alias}`],
          evidence: { document: world.ref, excerpt: `E ${excerpt}` },
        };
        const before = await graphShape();
        const answer = await api.gql<{ createEntity: { entity: { name: string; aliases: string[] } } }>(
          'mutation($input: CreateEntityInput!) { createEntity(input: $input) { entity { name aliases } } }',
          { input },
          ADMIN,
        );
        expectHandled(answer, JSON.stringify(input));
        const after = await graphShape();
        if (answer.body.errors) {
          // Refused (a blank or over-long text, a name another entity bears): nothing written.
          expect(answer.body.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
          expect(after).toEqual(before);
          return;
        }
        expect(answer.body.data?.createEntity.entity).toEqual({ name: input.name, aliases: input.aliases });
        const row = await api.db.read('MATCH (o:Organisation {id: $id})-[r:EVIDENCED_BY]->(:Source {id: $ref}) RETURN o.name AS name, o.acronym AS acronym, r.excerpt AS excerpt', { id, ref: world.ref });
        expect(row.records.map((r) => [r.get('name'), r.get('acronym'), r.get('excerpt')])).toEqual([[input.name, input.acronym, input.evidence.excerpt]]);
        stored += 1;
        const union = (a: string[], b: string) => [...new Set([...a, b])].sort();
        expect(after).toEqual({ nodes: before.nodes + 2, rels: before.rels + 1, labels: union(before.labels, 'AuditEvent'), types: union(before.types, 'EVIDENCED_BY') });
      }),
      { numRuns: 60 },
    );
    // Most hostile texts are legitimate text to store; the property must have seen writes hold.
    expect(stored).toBeGreaterThan(30);
  }, 300_000);
});
