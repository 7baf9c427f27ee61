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
import { MAX_FILTER_DEPTH, MAX_FILTER_TERMS } from '../../src/domain/limits';
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
    expect(writeTargets.map((t) => t.field.name).sort()).toEqual(['createEntity', 'link', 'mergeEntities', 'resolveConflict', 'retractClaim', 'unlink', 'updateEntity']);
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

/**
 * Issue 18's hostile shapes, generated: filters of random width and depth, names and search
 * strings with control, format and look-alike characters, cursors, export paths and deeply
 * nested variables. Every answer is a 4xx, or a 200 without a database or internal error, and
 * the graph is left as it was. Runs are few, so that the file stays within a minute.
 */
describe('hostile shapes (issue 18)', () => {
  /** Cc, Cf and confusable letters: what a name may hide behind. */
  const UNICODE = [
    '\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009f', // Cc
    '\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u202e', '\u2066', '\u061c', // Cf
    'а', 'е', 'о', 'р', 'с', 'ο', 'Ι', 'ǀ', 'ℓ', 'ﬁ', 'Ⅰ', '𝐃', // confusables (Cyrillic, Greek, compatibility forms)
    '\ud800', '\udfff', // lone surrogates
  ] as const;
  const REAL_NAMES = ['DGMM', 'EU', 'SEM', 'IOM', 'Türkiye', 'TR'] as const;

  /** A real name with hostile characters slipped in, or hostile characters alone. */
  const unicodeName = fc.oneof(
    fc.tuple(fc.constantFrom(...REAL_NAMES), fc.array(fc.tuple(fc.nat(6), fc.constantFrom(...UNICODE)), { maxLength: 3 })).map(([name, inserts]) => {
      let out = name as string;
      for (const [at, ch] of inserts) out = `${out.slice(0, at)}${ch}${out.slice(at)}`;
      return out;
    }),
    fc.array(fc.constantFrom(...UNICODE, 'a', ' ', 'DG', 'MM'), { minLength: 1, maxLength: 12 }).map((parts) => parts.join('')),
  );

  /** A ProjectFilter of random width and depth: and/or lists up to 70 wide, nesting up to 7 deep. */
  const filterTree: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{ node: Record<string, unknown> }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.oneof(
        fc.record({ fundedBy: fc.constantFrom(...REAL_NAMES) }),
        fc.record({ country: unicodeName }),
        fc.record({ status: fc.constantFrom('ONGOING', 'COMPLETED') }),
        fc.record({ text: unicodeName }),
        fc.record({ id: fc.array(fc.constantFrom('project:mind', 'x'), { maxLength: 70 }) }),
      ),
      fc.record({ or: fc.oneof(fc.array(tie('node'), { maxLength: 4 }), fc.constant(Array.from({ length: 60 }, () => ({ status: 'ONGOING' })))) }),
      fc.record({ and: fc.array(tie('node'), { maxLength: 4 }) }),
      fc.record({ not: tie('node') }),
    ),
  })).node;

  /** The terms and depth the service must count (as security/filterWidth.ts does). */
  function shape(filter: unknown, depth = 0): { terms: number; depth: number } {
    if (filter === null || typeof filter !== 'object') return { terms: 0, depth: 0 };
    let terms = 0;
    let deepest = depth;
    for (const [key, value] of Object.entries(filter)) {
      if (key === 'and' || key === 'or' || key === 'not') {
        for (const sub of Array.isArray(value) ? value : [value]) {
          const inner = shape(sub, depth + 1);
          terms += inner.terms;
          deepest = Math.max(deepest, inner.depth);
        }
      } else terms += Array.isArray(value) ? value.length : 1;
    }
    return { terms, depth: deepest };
  }

  let before: GraphShape;
  beforeAll(async () => {
    before = await graphShape();
  });
  afterAll(async () => {
    expect(await graphShape()).toEqual(before);
  });

  it('answers filters of any width and depth with a 4xx or an answer, refusing those over the bounds before they run', async () => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(filterTree, async (filter) => {
        const answer = await api.gql('query($f: ProjectFilter) { projects(filter: $f, first: 5) { totalCount } }', { f: filter });
        expectHandled(answer, JSON.stringify(filter));
        const { terms, depth } = shape(filter);
        const code = answer.body.errors?.[0]?.extensions?.code;
        if (depth > MAX_FILTER_DEPTH) expect({ filter, code }).toEqual({ filter, code: 'FILTER_TOO_DEEP' });
        else if (terms > MAX_FILTER_TERMS) expect({ filter, code }).toEqual({ filter, code: 'FILTER_TOO_WIDE' });
        if (code === 'FILTER_TOO_DEEP' || code === 'FILTER_TOO_WIDE') {
          refused += 1;
          expect(answer.status).toBe(400);
          expect(answer.body.extensions?.db?.queries ?? 0).toBe(0);
        }
      }),
      { numRuns: 40 },
    );
    expect(refused).toBeGreaterThan(0);
  }, 60_000);

  it('answers names and searches with control, format and look-alike characters with a 4xx or an answer', async () => {
    await fc.assert(
      fc.asyncProperty(unicodeName, async (name) => {
        const answer = await api.gql(
          'query($n: String!) { search(query: $n) { score } organisation(name: $n) { id } organisations(filter: { name: $n }) { totalCount } }',
          { n: name },
        );
        expectHandled(answer, JSON.stringify(name));
        expectHandled(await api.gql('query($n: String) { projects(filter: { fundedBy: $n }) { totalCount } }', { n: name }), JSON.stringify(name));
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it('answers any cursor with a 4xx or an answer', async () => {
    const cursor = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('offset:1e300', 'offset:9007199254740993', 'offset:0x10', 'offset:-1', 'offset:', 'offset:NaN', 'offset:1.5'),
      fc.string({ maxLength: 30 }).map((text) => Buffer.from(text).toString('base64')),
      fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 5 })).map((n) => Buffer.from(`offset:${String(n)}`).toString('base64')),
    );
    await fc.assert(
      fc.asyncProperty(cursor, async (after) => {
        expectHandled(await api.gql('query($c: String) { projects(first: 2, after: $c) { totalCount } }', { c: after }), JSON.stringify(after));
      }),
      { numRuns: 30 },
    );
  }, 60_000);

  it('answers any export path with a 4xx or a file, never a 5xx', async () => {
    const segment = fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'valueOf', 'toString', 'hasOwnProperty', '..', '.', 'nodes.csv', 'edges.csv', 'graph.graphml', 'graph.gexf', 'graph.json', '%2e%2e', '%00', '%E2%80%8B'),
      fc.string({ minLength: 1, maxLength: 12 }).map((text) => encodeURIComponent(text)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 3 }), async (parts) => {
        const path = `/export/${parts.join('/')}`;
        const response = await fetch(`${api.baseUrl}${path}?focus=org:iom&depth=1`, { headers: { authorization: `Bearer ${ADMIN.key}` } });
        await response.arrayBuffer();
        if (response.status >= 500) throw new Error(`GET ${path} answered ${response.status}`);
      }),
      { numRuns: 30 },
    );
  }, 60_000);

  it('answers deeply nested variables, declared or not, with a 4xx or an answer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6_000 }), fc.constantFrom('and', 'or', 'not'), fc.boolean(), async (depth, key, declared) => {
        // Written by hand: JSON.stringify overflows the stack on the deepest of these.
        const open = key === 'not' ? `{"not":` : `{"${key}":[`;
        const close = key === 'not' ? '}' : ']}';
        const nested = `${open.repeat(depth)}{"status":"ONGOING"}${close.repeat(depth)}`;
        const query = declared ? 'query($f: ProjectFilter) { projects(filter: $f) { totalCount } }' : '{ projects(first: 1) { totalCount } }';
        const answer = await api.post(`{"query":${JSON.stringify(query)},"variables":{"f":${nested}}}`);
        expectHandled(answer, `${key} nested ${depth} deep, ${declared ? 'declared' : 'undeclared'}`);
        if (declared && depth > MAX_FILTER_DEPTH) expect(answer.body.errors?.[0]?.extensions?.code).toBe('FILTER_TOO_DEEP');
      }),
      { numRuns: 20 },
    );
  }, 60_000);
});
