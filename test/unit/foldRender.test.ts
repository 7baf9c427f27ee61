import { MAX_FOLD_DEPTH, levelProjection, renderFold, type FoldLevel } from '../../src/db/cypher/fold';
import type { EntityProperty } from '../../src/db/records';

/** A plan that nests `depth` levels of `fundedBy` below its root. */
function nested(depth: number): FoldLevel {
  let level: FoldLevel = { properties: ['id'], needs: [] };
  for (let i = 0; i < depth; i++) level = { properties: ['id'], needs: [{ kind: 'related', type: 'FUNDED_BY', direction: 'OUT', edges: false, children: level }] };
  return level;
}

describe('the fold renderer', () => {
  it('projects the id and the properties a level shows, and every property when it is not known', () => {
    expect(levelProjection('n1', ['name'])).toBe('n1 {.id, .name}');
    expect(levelProjection('n1', [])).toBe('n1 {.id}');
    expect(levelProjection('n1', null)).toMatch(/^n1 \{\.id, \.name, \.aliases, .*\.year, .*\.derivedStatus, .*\}$/);
  });

  it('refuses a property outside the fixed list', () => {
    expect(() => levelProjection('n1', ['name', 'passwordHash' as EntityProperty])).toThrow(/Unknown entity property passwordHash/);
  });

  it('nests up to MAX_FOLD_DEPTH levels, each with its own variables, and refuses deeper', () => {
    const rendered = renderFold(nested(MAX_FOLD_DEPTH)).fold;
    for (let d = 1; d <= MAX_FOLD_DEPTH; d++) expect(rendered).toContain(`WITH t AS n${d}, r AS n${d}r`);
    expect(() => renderFold(nested(MAX_FOLD_DEPTH + 1))).toThrow(/at most 4 levels/);
  });

  it('gives each page its own parameters, and asks one more project than the page when it does not count', () => {
    const page = (withTotal: boolean) =>
      ({ kind: 'projects', type: 'FUNDED_BY', direction: 'IN', filter: { status: 'ONGOING' }, orders: null, request: { skip: 5, limit: 10 }, withTotal, edges: false, children: { properties: ['id'], needs: [] } }) as const;
    const { fold, params } = renderFold({ properties: ['id'], needs: [page(true), page(false)] });
    expect(params).toEqual({ fold0f0: 'ONGOING', fold0skip: 5, fold0limit: 10, fold1f0: 'ONGOING', fold1skip: 5, fold1limit: 11 });
    // The status filter means the status of today (issue 17), the stored derived one.
    expect(fold).toContain('p.derivedStatus = $fold0f0');
    expect(fold).toContain('p.derivedStatus = $fold1f0');
    expect(fold).toContain('{total: -1, page:');
    expect(fold).not.toContain("'ONGOING'");
  });
});
