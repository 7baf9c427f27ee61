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

/** What is wrong with `value` as the text of `field`: empty, or longer than `max`; null when fine or absent. */
export function textProblem(field: string, value: string | null | undefined, max = MAX_TEXT): string | null {
  if (value === null || value === undefined) return null;
  if (value.trim() === '') return `"${field}" must not be empty.`;
  if (value.length > max) return `"${field}" may be at most ${max} characters.`;
  return null;
}

/** Collapses runs of white space (including no-break and zero-width spaces) so excerpts compare as text. */
export function collapseWhitespace(text: string): string {
  return text.replace(/[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+/g, ' ').trim();
}
