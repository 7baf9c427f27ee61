/**
 * Name normalisation shared by ingestion and queries: "Türkiye", "turkiye" and "TÜRKİYE"
 * normalise alike, as do "Directorate-General for ..." and "directorate general for ...".
 * The API contract asks that names match ignoring case and diacritics.
 */

// Letters that Unicode decomposition does not reduce to an ASCII base letter.
const SPECIAL_LETTERS: Record<string, string> = {
  ı: 'i',
  ß: 'ss',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  đ: 'd',
  ł: 'l',
  þ: 'th',
};

export function normaliseName(value: string): string {
  const decomposed = value.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  const folded = decomposed.replace(/[ıßøæœđłþ]/g, (ch) => SPECIAL_LETTERS[ch] ?? ch);
  return folded
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/** The distinct normalised keys under which an entity can be found. */
export function nameKeys(names: ReadonlyArray<string | null | undefined>): string[] {
  const keys = new Set<string>();
  for (const name of names) {
    if (!name) continue;
    const key = normaliseName(name);
    if (key) keys.add(key);
  }
  return [...keys];
}
