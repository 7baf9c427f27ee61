import { Kind, parse, type DocumentNode, type GraphQLInputObjectType, type OperationDefinitionNode } from 'graphql';
import { MAX_FILTER_DEPTH, MAX_FILTER_TERMS } from '../../src/domain/limits';
import { serviceErrorIn } from '../../src/errors';
import { buildSchemaFromFiles } from '../../src/graphql/schemaDocument';
import { checkFilterWidths, filterWidth, hasFilterArguments } from '../../src/security/filterWidth';

const schema = buildSchemaFromFiles();
const projectFilter = schema.getType('ProjectFilter') as GraphQLInputObjectType;

function operationOf(document: DocumentNode): OperationDefinitionNode {
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation) throw new Error('no operation');
  return operation;
}

/** The code `query` is refused with before execution, or null when it passes. */
function refusal(query: string, variables: Record<string, unknown> = {}): string | null {
  const document = parse(query);
  try {
    checkFilterWidths(schema, document, operationOf(document), variables);
    return null;
  } catch (error) {
    return serviceErrorIn(error)?.code ?? `other: ${String(error)}`;
  }
}

const PAGE = 'query($f: ProjectFilter) { projects(filter: $f) { totalCount } }';
const branches = (n: number) => Array.from({ length: n }, (_, i) => ({ fundedBy: `F${i}` }));

describe('the width of a filter', () => {
  it('counts every set field, every list item, across and, or and not, and not the modifiers', () => {
    expect(filterWidth(projectFilter, { fundedBy: 'EU', status: 'ONGOING', includeUnits: true, includeLineage: false, benefits: null })).toEqual({ terms: 2, depth: 0 });
    expect(filterWidth(projectFilter, { id: ['a', 'b', 'c'], statusIn: ['ONGOING', 'COMPLETED'] })).toEqual({ terms: 5, depth: 0 });
    expect(filterWidth(projectFilter, { or: [{ fundedBy: 'EU' }, { and: [{ status: 'ONGOING' }, { not: { country: 'TR' } }] }] })).toEqual({ terms: 3, depth: 3 });
    expect(filterWidth(projectFilter, { or: [] })).toEqual({ terms: 0, depth: 0 });
  });

  it('ignores keys that are not fields, such as __proto__ and constructor', () => {
    expect(filterWidth(projectFilter, JSON.parse('{"__proto__": {"status": "x"}, "constructor": 1, "fundedBy": "EU"}'))).toEqual({ terms: 1, depth: 0 });
  });

  it('counts a filter nested 100,000 deep without overflowing the stack', () => {
    let deep: Record<string, unknown> = { status: 'ONGOING' };
    for (let i = 0; i < 100_000; i++) deep = { not: deep };
    expect(filterWidth(projectFilter, deep)).toEqual({ terms: 1, depth: 100_000 });
  });

  it('counts 3,000 branches in a few milliseconds', () => {
    const filter = { or: branches(3_000) };
    filterWidth(projectFilter, filter);
    const started = performance.now();
    expect(filterWidth(projectFilter, filter).terms).toBe(3_000);
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe('the filter limits, before execution', () => {
  it('refuses a filter one term over the bound with FILTER_TOO_WIDE, and passes one at the bound', () => {
    expect(refusal(PAGE, { f: { or: branches(MAX_FILTER_TERMS) } })).toBeNull();
    expect(refusal(PAGE, { f: { or: branches(MAX_FILTER_TERMS + 1) } })).toBe('FILTER_TOO_WIDE');
    expect(refusal(PAGE, { f: { id: Array.from({ length: MAX_FILTER_TERMS + 1 }, (_, i) => `project:${i}`) } })).toBe('FILTER_TOO_WIDE');
  });

  it('refuses nesting one level past the bound with FILTER_TOO_DEEP', () => {
    let deep: Record<string, unknown> = { status: 'ONGOING' };
    for (let i = 0; i < MAX_FILTER_DEPTH; i++) deep = { not: deep };
    expect(refusal(PAGE, { f: deep })).toBeNull();
    expect(refusal(PAGE, { f: { not: deep } })).toBe('FILTER_TOO_DEEP');
  });

  it('reads literals, variables inside literals, fragments, and every filter argument of the schema', () => {
    const literal = branches(MAX_FILTER_TERMS + 1).map((b) => `{ fundedBy: "${b.fundedBy}" }`).join(' ');
    expect(refusal(`{ projects(filter: { or: [${literal}] }) { totalCount } }`)).toBe('FILTER_TOO_WIDE');
    expect(refusal('query($b: [ProjectFilter!]) { projects(filter: { or: $b }) { totalCount } }', { b: branches(MAX_FILTER_TERMS + 1) })).toBe('FILTER_TOO_WIDE');
    expect(refusal('query($f: ProjectFilter) { ...F } fragment F on Query { projectStats(filter: $f, groupBy: STATUS) { key } }', { f: { or: branches(MAX_FILTER_TERMS + 1) } })).toBe('FILTER_TOO_WIDE');
    const kinds = Array.from({ length: MAX_FILTER_TERMS + 1 }, () => 'AGENCY');
    expect(refusal('query($f: OrganisationFilter) { donors(filter: $f) { totalCount } }', { f: { kindIn: kinds } })).toBe('FILTER_TOO_WIDE');
    expect(refusal('query($f: LegalFrameworkFilter) { legalFrameworks(filter: $f) { totalCount } }', { f: { or: Array.from({ length: MAX_FILTER_TERMS + 1 }, (_, i) => ({ name: `L${i}` })) } })).toBe('FILTER_TOO_WIDE');
    expect(refusal('query($f: ProjectFilter) { organisation(id: "org:iom") { projectsFunded(filter: $f) { totalCount } } }', { f: { or: branches(MAX_FILTER_TERMS + 1) } })).toBe('FILTER_TOO_WIDE');
  });

  it('says what was allowed and what arrived', () => {
    const document = parse(PAGE);
    expect(() => checkFilterWidths(schema, document, operationOf(document), { f: { or: branches(3_000) } })).toThrow(`at most ${MAX_FILTER_TERMS} terms`);
    expect(() => checkFilterWidths(schema, document, operationOf(document), { f: { or: branches(3_000) } })).toThrow('Query.projects(filter:) holds 3000');
  });
});

describe('which documents are counted', () => {
  it('finds the filter arguments of a document, in fragments too, and none where there are none', () => {
    const schema = buildSchemaFromFiles();
    expect(hasFilterArguments(schema, parse('{ projects(filter: {status: ONGOING}) { totalCount } }'))).toBe(true);
    expect(hasFilterArguments(schema, parse('query($f: ProjectFilter) { projects(filter: $f) { totalCount } }'))).toBe(true);
    expect(hasFilterArguments(schema, parse('{ countries { ...C } } fragment C on Country { projects(filter: {status: ONGOING}) { totalCount } }'))).toBe(true);
    expect(hasFilterArguments(schema, parse('{ organisation(id: "org:dgmm") { projectsBenefiting(first: 5) { totalCount } } }'))).toBe(false);
  });
});
