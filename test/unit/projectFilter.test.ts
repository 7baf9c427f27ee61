import { compileProjectFilter } from '../../src/db/cypher/projectFilter';

describe('compileProjectFilter', () => {
  it('does not filter when no field is set', () => {
    expect(compileProjectFilter(null)).toEqual({ where: 'true', anchoredWhere: 'true', params: {}, projects: 'MATCH (p:Project)' });
    expect(compileProjectFilter({ benefits: null, text: undefined })).toEqual({ where: 'true', anchoredWhere: 'true', params: {}, projects: 'MATCH (p:Project)' });
  });

  it('combines fields with AND', () => {
    const compiled = compileProjectFilter({ benefits: 'DGMM', status: 'ONGOING' });
    expect(compiled.where).toMatch(/^EXISTS \{ MATCH \(p\)-\[:BENEFITS\]->.* AND p\.derivedStatus = \$f1$/);
    expect(compiled.params).toEqual({ f0: { key: 'dgmm', raw: 'DGMM', phrase: '"dgmm"' }, f1: 'ONGOING' });
  });

  it('starts from the entity a top-level name filter names, found through an index', () => {
    const compiled = compileProjectFilter({ country: 'Türkiye', status: 'ONGOING', benefits: 'DGMM', includeUnits: false });
    // benefits is preferred over country; the named organisation is found by id or by the name-key index.
    expect(compiled.projects).toContain("db.index.fulltext.queryNodes('entity_name_keys', $f0.phrase)");
    expect(compiled.projects).toContain('MATCH (n:Organisation {id: $f0.raw})');
    expect(compiled.projects).toContain('MATCH (n)-[:SUCCEEDED_BY*0..5]-(l:Organisation)');
    expect(compiled.projects).toContain('MATCH (p:Project)-[:BENEFITS]->(l)');
    expect(compiled.projects).not.toContain('PART_OF');
    expect(compiled.projects).toMatch(/WITH p$/);
    expect(compileProjectFilter({ fundedBy: 'UK', includeUnits: true, includeLineage: false }).projects).toContain('MATCH (u:Organisation)-[:PART_OF*0..6]->(n)');
    // Units are included unless includeUnits is false (issue 14).
    expect(compileProjectFilter({ fundedBy: 'UK', includeLineage: false }).projects).toContain('MATCH (u:Organisation)-[:PART_OF*0..6]->(n)');
    expect(compileProjectFilter({ managedBy: 'person:x' }).projects).toContain('MATCH (p:Project)<-[:MANAGES]-(n)');
  });

  it("leaves the test of the anchor's name filter out of the WHERE that follows the anchor, with the same parameters", () => {
    const compiled = compileProjectFilter({ country: 'Türkiye', status: 'ONGOING', benefits: 'DGMM', includeUnits: false });
    // The full WHERE (after a pattern of its own) tests all three; after the anchor (benefits), two.
    expect(compiled.where).toContain('[:BENEFITS]');
    expect(compiled.where).toContain('[:IN_COUNTRY]');
    expect(compiled.anchoredWhere).not.toContain('[:BENEFITS]');
    expect(compiled.anchoredWhere).toContain('(p)-[:IN_COUNTRY]->(x:Country)');
    expect(compiled.anchoredWhere).toContain('$f1.key');
    expect(compiled.anchoredWhere).toContain('p.derivedStatus = $f2');
    expect(compiled.params).toEqual({ f0: expect.objectContaining({ raw: 'DGMM' }), f1: expect.objectContaining({ raw: 'Türkiye' }), f2: 'ONGOING' });
    expect(compiled.projects).toContain('$f0.raw');
    // Only the anchor itself: nothing left to test.
    expect(compileProjectFilter({ country: 'country:TR' }).anchoredWhere).toBe('true');
    // A name filter inside `and`, `or` or `not` is not the anchor, and keeps its test.
    const nested = compileProjectFilter({ country: 'TR', not: { country: 'SY' } });
    expect(nested.anchoredWhere).toMatch(/^NOT \(EXISTS \{ MATCH \(p\)-\[:IN_COUNTRY\]/);
    // No anchor, no test left out.
    expect(compileProjectFilter({ id: ['project:mind'], benefits: 'DGMM' }).anchoredWhere).toBe(compileProjectFilter({ id: ['project:mind'], benefits: 'DGMM' }).where);
  });

  it('reads every project when nothing at the top level names an entity, or when ids are given', () => {
    expect(compileProjectFilter({ status: 'ONGOING' }).projects).toBe('MATCH (p:Project)');
    expect(compileProjectFilter({ or: [{ benefits: 'DGMM' }, { fundedBy: 'EU' }] }).projects).toBe('MATCH (p:Project)');
    expect(compileProjectFilter({ id: ['project:mind'], benefits: 'DGMM' }).projects).toBe('MATCH (p:Project)');
    expect(compileProjectFilter({ benefits: '  ' }).projects).toBe('MATCH (p:Project)');
  });

  it('turns a name into a Lucene phrase of its normalised key, punctuation and quotes gone', () => {
    expect(compileProjectFilter({ country: 'a"b\\c' }).params.f0).toMatchObject({ key: 'a b c', phrase: '"a b c"' });
  });

  it('never puts user text into the Cypher, only into parameters', () => {
    const hostile = "x'}) DETACH DELETE n //";
    const compiled = compileProjectFilter({ benefits: hostile, fundedBy: hostile, country: hostile, alignedWith: hostile, implementedBy: hostile, text: hostile });
    expect(compiled.where).not.toContain('DETACH');
    expect(compiled.where).not.toContain(hostile);
    expect(JSON.stringify(compiled.params)).toContain('DETACH');
  });

  it('refuses an activeOn that is not a date', () => {
    expect(() => compileProjectFilter({ activeOn: '2018' })).toThrow(/YYYY-MM-DD/);
  });

  it('splits free text into normalised words that must all occur', () => {
    expect(compileProjectFilter({ text: 'Trafficking  TÜRKİYE' }).params.f0).toEqual(['trafficking', 'turkiye']);
  });

  it('nests and, or and not with parameters that never collide', () => {
    const compiled = compileProjectFilter({ or: [{ status: 'ONGOING' }, { and: [{ status: 'COMPLETED' }, { not: { fundedBy: 'EU', includeUnits: false } }] }] });
    expect(compiled.where).toBe('(p.derivedStatus = $f0 OR (p.derivedStatus = $f1 AND NOT (EXISTS { MATCH (p)-[:FUNDED_BY]->(x:Organisation) WHERE (($f2.key IN x.nameKeys OR x.id = $f2.raw) OR EXISTS { MATCH (x)-[:SUCCEEDED_BY*1..5]-(lineage:Organisation) WHERE ($f2.key IN lineage.nameKeys OR lineage.id = $f2.raw) }) })))');
    expect(Object.keys(compiled.params)).toEqual(['f0', 'f1', 'f2']);
  });

  it('treats an empty or as matching nothing and refuses filters nested too deep', () => {
    expect(compileProjectFilter({ or: [] }).where).toBe('false');
    let deep: Record<string, unknown> = { status: 'ONGOING' };
    for (let i = 0; i < 7; i++) deep = { not: deep };
    expect(() => compileProjectFilter(deep)).toThrow(/at most 5 levels/);
  });

  it('compiles an or of names of one relationship to one EXISTS over a list of names, not one subquery per name', () => {
    const names = Array.from({ length: 40 }, (_, i) => `Funder ${i}`);
    const compiled = compileProjectFilter({ or: names.map((fundedBy) => ({ fundedBy })) });
    expect(compiled.where.match(/EXISTS \{ MATCH \(p\)-\[:FUNDED_BY\]/g)).toHaveLength(1);
    expect(compiled.where).toContain('any(nameKey IN x.nameKeys WHERE nameKey IN $f0.keys) OR x.id IN $f0.raws');
    expect(compiled.params).toEqual({ f0: { keys: names.map((n) => n.toLowerCase()), raws: names } });
    // The compiled text does not grow with the number of names.
    expect(compileProjectFilter({ or: names.slice(0, 2).map((fundedBy) => ({ fundedBy })) }).where).toBe(compiled.where);
  });

  it('merges only branches of the same field, lineage and units, and keeps every other branch in its place', () => {
    const compiled = compileProjectFilter({
      // Units are on by default (issue 14): only UK's branch includes them here.
      or: [{ status: 'ONGOING' }, { fundedBy: 'EU', includeUnits: false }, { country: 'TR' }, { fundedBy: 'SEM', includeUnits: false }, { fundedBy: 'UK' }, { fundedBy: 'DE', status: 'COMPLETED', includeUnits: false }],
    });
    const values = Object.values(compiled.params);
    // EU and SEM in one list; TR alone; UK alone (its units differ); DE with its status.
    expect(values.filter((v) => typeof v === 'object' && v !== null && 'raws' in v)).toEqual([{ keys: ['eu', 'sem'], raws: ['EU', 'SEM'] }]);
    expect(values.filter((v) => typeof v === 'object' && v !== null && 'raw' in v).map((v) => (v as { raw: string }).raw)).toEqual(['TR', 'UK', 'DE']);
    // The status branch first, the merged funders where EU stood, then the rest in order.
    const order = ['p.derivedStatus = $', '$f0.raws', 'IN_COUNTRY', 'PART_OF*1..6', 'p.derivedStatus = $'].map((part, i, all) => compiled.where.indexOf(part, i === all.length - 1 ? compiled.where.indexOf('PART_OF') : 0));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(compiled.where.match(/EXISTS \{ MATCH \(p\)/g)).toHaveLength(4);
  });
});
