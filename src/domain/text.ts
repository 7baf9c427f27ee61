/**
 * The rules for free text: how long a name, an excerpt or a description may be, and how
 * white space is compared. Each check returns what is wrong (or null) rather than throwing,
 * so that every layer raises its own kind of error with the same words.
 */

/** A name, acronym, alias, role, title or document id. */
export const MAX_TEXT = 500;
/** A project's description. */
export const MAX_DESCRIPTION = 5_000;
/** A verbatim excerpt of a source document. */
export const MAX_EXCERPT = 5_000;
/** Aliases one entity may carry. */
export const MAX_ALIASES = 50;

// Invisible and control characters: format characters (zero-width spaces and joiners, soft
// hyphens, bidirectional overrides), controls (NUL, escapes), lone surrogates, private use.
// A name that carries one can look exactly like another name, or like nothing at all.
const HIDDEN_IN_NAMES = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}]/u;
// A passage may break lines and use tabs; it may not carry the rest.
const HIDDEN_IN_PASSAGES = /[^\P{Cc}\t\n\r]|[\p{Cf}\p{Cs}\p{Co}]/u;

function hiddenCharacterProblem(field: string, value: string, pattern: RegExp): string | null {
  const match = pattern.exec(value);
  if (!match) return null;
  const code = (match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return `"${field}" contains the invisible or control character U+${code} at position ${match.index}; write the text without it.`;
}

function lengthProblem(field: string, value: string, max: number): string | null {
  if (value.trim() === '') return `"${field}" must not be empty.`;
  if (value.length > max) return `"${field}" may be at most ${max} characters; got ${value.length}.`;
  return null;
}

/**
 * What is wrong with `value` as a name-like text of `field` (a name, acronym, alias, role,
 * title, document id): empty, longer than `max`, or carrying an invisible or control
 * character; null when fine or absent.
 */
export function textProblem(field: string, value: string | null | undefined, max = MAX_TEXT): string | null {
  if (value === null || value === undefined) return null;
  return lengthProblem(field, value, max) ?? hiddenCharacterProblem(field, value, HIDDEN_IN_NAMES);
}

/** The same for a passage (an excerpt, a description), which may also hold tabs and line breaks. */
export function passageProblem(field: string, value: string | null | undefined, max = MAX_EXCERPT): string | null {
  if (value === null || value === undefined) return null;
  return lengthProblem(field, value, max) ?? hiddenCharacterProblem(field, value, HIDDEN_IN_PASSAGES);
}

/**
 * Collapses runs of white space (including no-break spaces) so excerpts compare as text, and
 * removes the invisible format characters a source page may carry (soft hyphens, zero-width
 * spaces and joiners), so that an excerpt written without them still matches.
 */
export function collapseWhitespace(text: string): string {
  return text
    .replace(/\p{Cf}+/gu, '')
    .replace(/[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+/g, ' ')
    .trim();
}

function quoted(text: string): string {
  return `"${text.slice(0, 80)}${text.length > 80 ? '…' : ''}"`;
}

/** Every position at which `needle` starts in `haystack`, overlapping ones included. */
function occurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  if (needle === '') return found;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) found.push(at);
  return found;
}

/** How often an excerpt occurs in a document's text, white space collapsed in both. */
export function excerptCount(text: string, excerpt: string): number {
  return occurrences(collapseWhitespace(text), collapseWhitespace(excerpt)).length;
}

/**
 * Where an excerpt sits in a document's text (white space collapsed), or why it cannot be
 * placed. An excerpt must occur verbatim; one that occurs more than once must say which
 * occurrence it is (issue 17: "Implementing Agency: ICMPD" stood for five projects), by
 * `under`, a passage that occurs once and that the excerpt follows (the first occurrence after
 * it is meant), or by `offset`, which must be where an occurrence starts. A location given is
 * always checked, even for an excerpt that occurs once.
 */
export function locateExcerpt(text: string, excerpt: string, under?: string, offset?: number): { offset: number } | { problem: string; field: string } {
  const wanted = collapseWhitespace(excerpt);
  const all = occurrences(text, wanted);
  if (all.length === 0) return { field: 'excerpt', problem: `does not occur verbatim: ${quoted(excerpt)}` };
  let candidates = all;
  if (under !== undefined) {
    const anchor = collapseWhitespace(under);
    const anchors = occurrences(text, anchor);
    if (anchors.length === 0) return { field: 'under', problem: `"under" does not occur verbatim: ${quoted(under)}` };
    if (anchors.length > 1) return { field: 'under', problem: `"under" occurs ${anchors.length} times, so it places nothing; give a longer passage: ${quoted(under)}` };
    const next = all.find((at) => at >= anchors[0]! + anchor.length) ?? all.find((at) => at >= anchors[0]!);
    if (next === undefined) return { field: 'under', problem: `the excerpt does not occur after the passage "under" names: ${quoted(under)}` };
    candidates = [next];
  }
  if (offset !== undefined) {
    if (!candidates.includes(offset)) {
      return { field: 'offset', problem: `the excerpt does not start at offset ${offset}; it starts at ${candidates.join(', ')} (white space collapsed)` };
    }
    return { offset };
  }
  if (candidates.length > 1) {
    return {
      field: 'excerpt',
      problem: `occurs ${candidates.length} times (at offsets ${candidates.join(', ')}), so it does not say which fact it supports: give "under" (a passage it follows, such as the project's title) or "offset", or a longer excerpt: ${quoted(excerpt)}`,
    };
  }
  return { offset: candidates[0]! };
}

