import unhomoglyph from 'unhomoglyph';

/**
 * Name normalisation shared by ingestion, curation, lookups, search and the deny-list:
 * "Türkiye", "turkiye" and "TÜRKİYE" normalise alike, as do "Directorate-General for ..." and
 * "directorate general for ...". The API contract asks that names match ignoring case and
 * diacritics; the text policy (issue 18) asks that invisible characters and look-alike letters
 * from other scripts hide nothing: "DG\u200bMM" and "DGMM" with a Cyrillic М are both "dgmm".
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

// Format characters (zero-width spaces and joiners, soft hyphens, bidirectional controls, the
// BOM) are invisible: they are removed, so that they cannot split or disguise a word.
const FORMAT_CHARACTERS = /\p{Cf}+/gu;
// Control characters (tabs, line breaks, NUL...) separate words like spaces.
const CONTROL_CHARACTERS = /\p{Cc}+/gu;
const NON_ASCII_LETTER = /[^\x00-\x7f]/gu;
const ASCII = /^[\x00-\x7f]+$/;

/**
 * A letter of another script that looks like an ASCII letter (Cyrillic а, Greek ο) becomes
 * that letter, by the confusables data of Unicode TR 39 as the unhomoglyph library carries
 * it. Only letters that are still outside ASCII after diacritics are removed are folded, so
 * that Latin names keep their keys (the full TR 39 skeleton would also fold "m" into "rn").
 */
function foldConfusables(text: string): string {
  return text.replace(NON_ASCII_LETTER, (ch) => {
    // The data maps many capitals only (Cyrillic М, not м): the capital stands for both.
    for (const form of [ch, ch.toUpperCase()]) {
      const prototype = unhomoglyph(form);
      if (ASCII.test(prototype)) return prototype.toLowerCase();
    }
    return ch;
  });
}

// Printable ASCII: every Unicode normalisation leaves it as it is, and it holds no format
// characters, controls, marks, special or look-alike letters, so only case and punctuation
// remain to fold (the same result as the general path, without its passes over the text).
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const NOT_ASCII_ALPHANUMERIC = /[^a-z0-9]+/g;

export function normaliseName(value: string): string {
  if (PRINTABLE_ASCII.test(value)) return value.toLowerCase().replace(NOT_ASCII_ALPHANUMERIC, ' ').trim();
  const visible = value.normalize('NFKC').replace(FORMAT_CHARACTERS, '').replace(CONTROL_CHARACTERS, ' ');
  const decomposed = visible.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  const folded = foldConfusables(decomposed.replace(/[ıßøæœđłþ]/g, (ch) => SPECIAL_LETTERS[ch] ?? ch));
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
