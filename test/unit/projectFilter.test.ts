import { compileProjectFilter } from '../../src/db/projectFilter';

describe('compileProjectFilter', () => {
  it('does not filter when no field is set', () => {
    expect(compileProjectFilter(null)).toEqual({ where: 'true', params: {} });
    expect(compileProjectFilter({ benefits: null, text: undefined })).toEqual({ where: 'true', params: {} });
  });

  it('combines fields with AND', () => {
    const compiled = compileProjectFilter({ benefits: 'DGMM', status: 'ONGOING' });
    expect(compiled.where.split(' AND p.status').length).toBe(2);
    expect(compiled.params).toMatchObject({ benefits: { key: 'dgmm', raw: 'DGMM' }, status: 'ONGOING' });
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
    expect(compileProjectFilter({ text: 'Trafficking  TÜRKİYE' }).params.textWords).toEqual(['trafficking', 'turkiye']);
  });
});
