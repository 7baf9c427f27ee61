import { nameKeys, normaliseName } from '../../src/domain/names';
import { collapseWhitespace, passageProblem, textProblem } from '../../src/domain/text';
import { DenyList, denyListEntry } from '../../src/security/denyList';

/** Latin letters swapped for look-alikes of other scripts: Cyrillic а е о с р and Greek ο. */
function spoof(text: string): string {
  const lookAlikes: Record<string, string> = { a: '\u0430', e: '\u0435', o: '\u03bf', c: '\u0441', p: '\u0440', A: '\u0410', M: '\u041c' };
  return [...text].map((ch) => lookAlikes[ch] ?? ch).join('');
}

const HIDDEN = {
  'zero-width space': '\u200b',
  'soft hyphen': '\u00ad',
  'zero-width joiner': '\u200d',
  'right-to-left override': '\u202e',
  'byte order mark': '\ufeff',
};

describe('names as the service compares them', () => {
  it.each(Object.entries(HIDDEN))('does not let a %s split or disguise a name', (_name, ch) => {
    expect(normaliseName(`DG${ch}MM`)).toBe('dgmm');
    expect(normaliseName(`Directorate${ch} General`)).toBe('directorate general');
  });

  it('folds look-alike letters of other scripts into the letters they imitate', () => {
    const name = 'Directorate General of Migration Management';
    expect(spoof(name)).not.toBe(name);
    expect(normaliseName(spoof(name))).toBe(normaliseName(name));
    expect(normaliseName('DG\u041c\u041c')).toBe('dgmm');
    expect(normaliseName('\uff24\uff27\uff2d\uff2d')).toBe('dgmm'); // full-width letters, by NFKC
  });

  it('keeps Latin names and their diacritics rules as they were', () => {
    expect(normaliseName('Göç İdaresi Başkanlığı')).toBe('goc idaresi baskanligi');
    expect(normaliseName('Ministry of Interior')).toBe('ministry of interior');
    expect(nameKeys(['IOM', 'I\u200bOM', '\u0406OM'])).toEqual(['iom']);
  });

  it('treats control characters as word breaks', () => {
    expect(normaliseName('Ministry\u0000of\tInterior')).toBe('ministry of interior');
  });
});

describe('the survivor deny-list', () => {
  const listed = 'Orsolya Brandvik';
  const denyList = DenyList.fromEntries([denyListEntry(listed)]);

  it.each(Object.entries(HIDDEN))('sees a listed name with a %s inside a word', (_name, ch) => {
    expect(denyList.names(`A story told by Orsolya Brand${ch}vik in 2019`)).toBe(true);
  });

  it('sees a listed name written with look-alike letters', () => {
    expect(denyList.names(`told by ${spoof(listed)}`)).toBe(true);
    expect(denyList.names('told by Orsolya Br\u0430ndvik')).toBe(true);
  });

  it('does not see names that are only near the listed one', () => {
    expect(denyList.names('Orsolya Brandvig')).toBe(false);
  });
});

describe('the text policy for names and passages', () => {
  it.each(Object.entries({ ...HIDDEN, NUL: '\u0000', escape: '\u001b', 'private use': '\ue000' }))('refuses a name carrying a %s, saying which character and where', (_name, ch) => {
    const problem = textProblem('name', `DG${ch}MM`);
    expect(problem).toMatch(/"name" contains the invisible or control character U\+[0-9A-F]{4} at position 2/);
  });

  it('lets a passage break lines but not hide characters', () => {
    expect(passageProblem('excerpt', 'The project\nends in 2021.\tIt was funded.')).toBeNull();
    expect(passageProblem('excerpt', 'The project\u202e ends')).toMatch(/U\+202E/);
    expect(textProblem('name', 'Line\nbreak')).toMatch(/U\+000A/);
  });

  it('compares excerpts without the soft hyphens and zero-width spaces a page may carry', () => {
    expect(collapseWhitespace('Migra\u00adtion Manage\u200bment')).toBe('Migration Management');
  });
});
