import { normaliseName } from '../../domain/names';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

export interface Highlight {
  field: string;
  text: string;
}

/** How much of a long text to show on each side of the first match. */
const CONTEXT = 80;

/**
 * Marks the words of `text` that match the query's words (case and diacritics ignored; the
 * last query word also as a prefix), escaping everything else for HTML. Null when none match.
 */
export function markMatches(text: string, queryWords: readonly string[], prefixWord: string | null): string | null {
  const tokens = text.split(/([\p{L}\p{N}]+)/u);
  let first = -1;
  let offset = 0;
  const out = tokens.map((token, i) => {
    const start = offset;
    offset += token.length;
    if (i % 2 === 0) return escapeHtml(token);
    const key = normaliseName(token);
    const hit = queryWords.includes(key) || (prefixWord !== null && key.startsWith(prefixWord));
    if (!hit) return escapeHtml(token);
    if (first < 0) first = start;
    return `<mark>${escapeHtml(token)}</mark>`;
  });
  if (first < 0) return null;
  const marked = out.join('');
  if (text.length <= CONTEXT * 3) return marked;
  // Cut a long text around the first match, on the original text's positions.
  const from = Math.max(0, first - CONTEXT);
  const to = Math.min(text.length, first + CONTEXT * 2);
  const excerpt = markMatches(text.slice(from, to), queryWords, prefixWord) ?? escapeHtml(text.slice(from, to));
  return `${from > 0 ? '…' : ''}${excerpt}${to < text.length ? '…' : ''}`;
}

/** The best-matching field of an entity for a query, with the matches marked. */
export function highlightEntity(fields: ReadonlyArray<[string, string | null | undefined]>, query: string): Highlight | null {
  const words = normaliseName(query).split(' ').filter(Boolean);
  if (words.length === 0) return null;
  const prefix = words[words.length - 1] ?? null;
  let best: Highlight | null = null;
  let bestCount = 0;
  for (const [field, value] of fields) {
    if (!value) continue;
    const marked = markMatches(value, words, prefix);
    if (marked === null) continue;
    const count = marked.split('<mark>').length - 1;
    if (count > bestCount) {
      best = { field, text: marked };
      bestCount = count;
    }
  }
  return best;
}
