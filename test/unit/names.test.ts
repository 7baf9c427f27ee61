import { nameKeys, normaliseName } from '../../src/domain/names';

describe('normaliseName', () => {
  it('ignores case and diacritics, as the contract asks', () => {
    expect(normaliseName('Türkiye')).toBe(normaliseName('turkiye'));
    expect(normaliseName('TÜRKİYE')).toBe('turkiye');
    expect(normaliseName('Sezin ÜSKENT')).toBe('sezin uskent');
  });

  it('folds the Turkish dotless i, which Unicode does not decompose', () => {
    expect(normaliseName('Arıner')).toBe('ariner');
  });

  it('treats punctuation and hyphens as word breaks', () => {
    expect(normaliseName('Directorate-General for  Migration, Management')).toBe('directorate general for migration management');
  });

  it('keeps digits', () => {
    expect(normaliseName('DGMM III')).not.toBe(normaliseName('DGMM II'));
    expect(normaliseName('157 Helpline')).toBe('157 helpline');
  });
});

describe('nameKeys', () => {
  it('returns each distinct key once and skips empty names', () => {
    expect(nameKeys(['Turkey', 'TURKEY', null, undefined, '', 'TR'])).toEqual(['turkey', 'tr']);
  });
});
