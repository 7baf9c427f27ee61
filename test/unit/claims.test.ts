import {
  canonicalJson,
  addClaims,
  emptyClaims,
  makeClaim,
  openConflicts,
  preferredClaim,
  preferredProperties,
  replaceFileClaims,
  serialiseClaims,
  parseClaims,
  linkAsserted,
  LINK_FIELD,
  type ClaimOrigin,
  type Retraction,
} from '../../src/domain/claims';
import { materialiseEntity } from '../../src/domain/claimProperties';

const seed = (entry: string, published: string | null = null): ClaimOrigin => ({ kind: 'dataset', file: 'seed/projects.yaml', entry, published });
const other = (entry: string, published: string | null = null): ClaimOrigin => ({ kind: 'dataset', file: 'incoming/news.yaml', entry, published });
const curator = (at: string, event = `e-${at}`): ClaimOrigin => ({ kind: 'curation', event, actor: 'ana', at });
const src = [{ document: 'doc.txt', excerpt: 'a passage' }];
const end = (date: string, precision: string) => ({ endDate: date, endPrecision: precision });

describe('the preference rank', () => {
  it("prefers a curator's value to any dataset's, the newest curation first", () => {
    let element = replaceFileClaims(emptyClaims(), 'seed/projects.yaml', [makeClaim('status', 'ONGOING', seed('projects[0]'), src)]);
    element = addClaims(element, [makeClaim('status', 'COMPLETED', curator('2026-01-01T00:00:00.000Z'), src), makeClaim('status', 'SUSPENDED', curator('2026-02-01T00:00:00.000Z'), src)]);
    expect(preferredClaim(element, 'status')?.value).toBe('SUSPENDED');
  });

  it('prefers a date to the day over one to the month, whatever the sources say otherwise', () => {
    const element = replaceFileClaims(emptyClaims(), 'seed/projects.yaml', [
      makeClaim('end', end('2021-08-31', 'MONTH'), seed('projects[0]', '2024'), src),
      makeClaim('end', end('2021-09-15', 'DAY'), seed('projects[1]', '2019'), src),
    ]);
    expect(preferredClaim(element, 'end')?.value).toEqual(end('2021-09-15', 'DAY'));
  });

  it('prefers the more recent source among equally specific values, then the file and entry order', () => {
    const element = replaceFileClaims(replaceFileClaims(emptyClaims(), 'seed/projects.yaml', [makeClaim('durationMonths', 24, seed('projects[0]', '2018-01'), src)]), 'incoming/news.yaml', [
      makeClaim('durationMonths', 30, other('projects[0]', '2021-05'), src),
    ]);
    expect(preferredClaim(element, 'durationMonths')?.value).toBe(30);
    const undated = replaceFileClaims(replaceFileClaims(emptyClaims(), 'seed/projects.yaml', [makeClaim('durationMonths', 24, seed('projects[0]'), src)]), 'incoming/news.yaml', [makeClaim('durationMonths', 30, other('projects[0]'), src)]);
    // incoming/ sorts before seed/: the choice never depends on which load ran first.
    expect(preferredClaim(undated, 'durationMonths')?.value).toBe(30);
  });
});

describe('merging claims', () => {
  it('a load replaces only the claims of its own file', () => {
    let element = replaceFileClaims(emptyClaims(), 'seed/projects.yaml', [makeClaim('name', 'Old', seed('projects[0]'), src)]);
    element = addClaims(element, [makeClaim('aliases', 'Netherlands', curator('2026-01-01T00:00:00.000Z'), src)]);
    element = replaceFileClaims(element, 'incoming/news.yaml', [makeClaim('name', 'Other', other('projects[0]'), src)]);
    element = replaceFileClaims(element, 'seed/projects.yaml', [makeClaim('name', 'New', seed('projects[0]'), src)]);
    expect(element.claims.map((c) => c.value).sort()).toEqual(['Netherlands', 'New', 'Other']);
  });

  it('keeps a retracted value deprecated when its file is loaded again', () => {
    const claim = makeClaim('status', 'ONGOING', seed('projects[0]'), src);
    const retraction: Retraction = { field: 'status', value: 'ONGOING', any: false, event: 'e1', actor: 'ana', at: '2026-01-01T00:00:00.000Z', sources: src };
    let element = addClaims(replaceFileClaims(emptyClaims(), 'seed/projects.yaml', [claim]), [], [retraction]);
    element = replaceFileClaims(element, 'seed/projects.yaml', [makeClaim('status', 'ONGOING', seed('projects[0]'), src)]);
    expect(element.claims[0]?.status).toBe('deprecated');
    expect(preferredClaim(element, 'status')).toBeNull();
  });

  it('an unlink retracts every origin of a link, and a later curated link asserts it again', () => {
    let element = replaceFileClaims(emptyClaims(), 'seed/projects.yaml', [makeClaim(LINK_FIELD, {}, seed('projects[0]'), src)]);
    element = addClaims(element, [], [{ field: LINK_FIELD, value: null, any: true, event: 'e1', actor: 'ana', at: '2026-01-01T00:00:00.000Z', sources: src }]);
    expect(linkAsserted(replaceFileClaims(element, 'seed/projects.yaml', [makeClaim(LINK_FIELD, {}, seed('projects[0]'), src)]))).toBe(false);
    element = addClaims(element, [makeClaim(LINK_FIELD, {}, curator('2026-02-01T00:00:00.000Z'), src)]);
    expect(linkAsserted(element)).toBe(true);
  });

  it('serialises canonically, so that an unchanged element stores the same text', () => {
    const a = replaceFileClaims(emptyClaims(), 'f', [makeClaim('name', 'A', seed('projects[0]'), src), makeClaim('kind', 'NGO', seed('projects[0]'), src)]);
    const b = replaceFileClaims(emptyClaims(), 'f', [makeClaim('kind', 'NGO', seed('projects[0]'), src), makeClaim('name', 'A', seed('projects[0]'), src)]);
    expect(serialiseClaims(a)).toBe(serialiseClaims(b));
    expect(serialiseClaims(parseClaims(serialiseClaims(a)))).toBe(serialiseClaims(a));
  });
});

describe('canonical JSON', () => {
  /** The definition: keys sorted by UTF-16 code units, undefined members left out, JSON.stringify for the rest. */
  const reference = (value: unknown): string => {
    if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
    }
    return JSON.stringify(value ?? null);
  };

  it('sorts keys, drops undefined members and writes the same text as its definition', () => {
    const values: unknown[] = [
      null,
      undefined,
      'a "quoted"\nline',
      -0.5,
      12,
      true,
      [],
      {},
      [1, undefined, null, 'x'],
      { b: 1, a: [{ d: undefined, c: 'é' }], Z: null, ä: 2, 'a b': { y: [], x: {} } },
      { '\u{1F600}': 1, '\uFFFF': 2, a: undefined },
    ];
    for (const value of values) expect(canonicalJson(value)).toBe(reference(value));
    expect(canonicalJson({ b: 1, a: 2, c: undefined })).toBe('{"a":2,"b":1}');
  });
});

describe('conflicts', () => {
  it('keeps two different values of a single-valued field side by side as an open conflict', () => {
    const element = replaceFileClaims(replaceFileClaims(emptyClaims(), 'seed/projects.yaml', [makeClaim('budget', { budgetAmount: 1, budgetCurrency: 'EUR' }, seed('projects[0]'), src)]), 'incoming/news.yaml', [
      makeClaim('budget', { budgetAmount: 2, budgetCurrency: 'EUR' }, other('projects[0]'), src),
    ]);
    const [conflict] = openConflicts(element);
    expect(conflict?.field).toBe('budget');
    expect(conflict?.alternatives).toHaveLength(2);
  });

  it('does not count many aliases as a conflict, and closes a conflict a curator settled', () => {
    const a = makeClaim('status', 'ONGOING', seed('projects[0]'), src);
    const b = makeClaim('status', 'COMPLETED', other('projects[0]'), src);
    let element = replaceFileClaims(replaceFileClaims(emptyClaims(), 'seed/projects.yaml', [a, makeClaim('aliases', 'X', seed('projects[0]'), src)]), 'incoming/news.yaml', [b, makeClaim('aliases', 'Y', other('projects[0]'), src)]);
    expect(openConflicts(element).map((c) => c.field)).toEqual(['status']);
    element = addClaims(element, [makeClaim('status', 'COMPLETED', curator('2026-01-01T00:00:00.000Z'), src, [a.id])]);
    expect(openConflicts(element)).toEqual([]);
    // A new value from a source after the curator's choice opens the conflict again.
    element = replaceFileClaims(element, 'seed/projects.yaml', [makeClaim('status', 'CANCELLED', seed('projects[0]'), src)]);
    expect(openConflicts(element).map((c) => c.field)).toEqual(['status']);
  });
});

describe('materialised properties', () => {
  it('shows the preferred values where reads find them, with every asserted alias and the derived keys', () => {
    let element = replaceFileClaims(emptyClaims(), 'seed/o.yaml', [makeClaim('name', 'Kingdom of the Netherlands', seed('organisations[0]'), src), makeClaim('aliases', 'NL', seed('organisations[0]'), src)]);
    element = addClaims(element, [makeClaim('aliases', 'Netherlands', curator('2026-01-01T00:00:00.000Z'), src)]);
    expect(preferredProperties(element).aliases).toEqual(['NL', 'Netherlands']);
    const { props, conflictFields } = materialiseEntity('Country', 'country:NL', element, 'x');
    expect(props.name).toBe('Kingdom of the Netherlands');
    expect(props.nameKeys).toEqual(expect.arrayContaining(['netherlands']));
    expect(typeof props.claimsJson).toBe('string');
    expect(conflictFields).toEqual([]);
  });
});
