import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ServiceError } from '../errors';
import type { DocumentRecord } from '../db/records';
import { locateExcerpt, collapseWhitespace } from '../domain/text';
import { defaultDocumentsDir } from '../projectRoot';
import { DenyList, defaultDenyListPath } from './denyList';

/**
 * What a curation write must satisfy besides its shape: it names no one on the deny-list of
 * victims and survivors, and its excerpt occurs verbatim in the document it cites, as
 * ingestion requires of a dataset.
 */
export interface CurationPolicy {
  denyList: DenyList;
  /** Where the texts of the source documents are, to check excerpts. */
  documentsDir: string;
}

export interface EvidenceInput {
  document: string;
  excerpt: string;
  under?: string | null;
  offset?: number | null;
}

/** Evidence as a change cites it once checked: where the excerpt sits, when the document's text is here. */
export interface LocatedEvidence {
  document: string;
  excerpt: string;
  under?: string;
  offset?: number;
}

let shipped: CurationPolicy | undefined;

/** The shipped deny-list (data/sensitive/deny-list.txt) and documents, read once. */
export function defaultCurationPolicy(): CurationPolicy {
  shipped ??= { denyList: DenyList.load(defaultDenyListPath()), documentsDir: defaultDocumentsDir() };
  return shipped;
}

/** A field of an input, named as a client would name it (`input.aliases.2`). */
export type NamedValue = readonly [field: string, value: unknown];

function* texts(field: string, value: unknown): Generator<readonly [string, string]> {
  if (typeof value === 'string') yield [field, value];
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* texts(`${field}.${i}`, item);
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) yield* texts(`${field}.${key}`, item);
}

/**
 * Refuses the write when any text in it names someone on the deny-list. The refusal names the
 * field but never the text, so the name reaches neither the response nor a log.
 */
export function refuseSensitive(policy: CurationPolicy, values: readonly NamedValue[]): void {
  for (const [field, value] of values) {
    for (const [where, text] of texts(field, value)) {
      if (policy.denyList.names(text)) {
        throw new ServiceError('SENSITIVE_DATA', `The field ${where} names a person on the deny-list of victims and survivors; the graph never records them.`, {
          details: { field: where },
        });
      }
    }
  }
}

const documentTexts = new Map<string, string | null>();

function documentText(documentsDir: string, document: string): string | null {
  // Source ids are file names; anything else never names a file under documentsDir.
  if (!/^[A-Za-z0-9._-]+$/.test(document) || document.startsWith('.')) return null;
  const file = path.join(documentsDir, document);
  const cached = documentTexts.get(file);
  if (cached !== undefined) return cached;
  const text = existsSync(file) ? collapseWhitespace(readFileSync(file, 'utf8')) : null;
  documentTexts.set(file, text);
  return text;
}

function badEvidence(message: string): ServiceError {
  return new ServiceError('BAD_USER_INPUT', message, { details: { field: 'evidence' } });
}

/**
 * The least a verbatim excerpt must be to count as a passage of its document. The bound is the
 * shortest excerpt the seed dataset cites ("157 Helpline" in data/seed/organisations.yaml: 12
 * characters, 2 words), so a curator can cite anything ingestion was given, but not a letter
 * or one word that occurs in every document.
 */
export const MIN_EXCERPT_CHARACTERS = 12;
export const MIN_EXCERPT_WORDS = 2;

// A word is a run of letters, digits and combining marks, in any script.
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const WORD_CHARACTER_AT_START = /^[\p{L}\p{N}\p{M}]/u;
const WORD_CHARACTER_AT_END = /[\p{L}\p{N}\p{M}]$/u;

function counted(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

function wordCount(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

/**
 * True when `excerpt` occurs in `text` without starting or ending inside a word of the text:
 * "of Migration" occurs in "Directorate General of Migration Management" on whole words,
 * "ate General" does not. Every occurrence is tried, since the first may be inside a word and a
 * later one not.
 */
export function occursOnWholeWords(text: string, excerpt: string): boolean {
  const opensWithWord = WORD_CHARACTER_AT_START.test(excerpt);
  const closesWithWord = WORD_CHARACTER_AT_END.test(excerpt);
  for (let at = text.indexOf(excerpt); at !== -1; at = text.indexOf(excerpt, at + 1)) {
    const end = at + excerpt.length;
    // Two code units either side, so that a letter outside the BMP (a surrogate pair) is seen whole.
    const startsInsideWord = opensWithWord && WORD_CHARACTER_AT_END.test(text.slice(Math.max(0, at - 2), at));
    const endsInsideWord = closesWithWord && WORD_CHARACTER_AT_START.test(text.slice(end, end + 2));
    if (!startsInsideWord && !endsInsideWord) return true;
  }
  return false;
}

/**
 * The cited document must be in the graph; unless it is a curated source (a public reference
 * with no text here, whose excerpt is the curator's note of what it says), its text must be on
 * the server and contain the excerpt verbatim, on whole words, and the excerpt must be at least
 * a short passage (MIN_EXCERPT_CHARACTERS and MIN_EXCERPT_WORDS).
 */
export function checkEvidence(policy: CurationPolicy, evidence: EvidenceInput, document: DocumentRecord | null): LocatedEvidence {
  const excerpt = collapseWhitespace(evidence.excerpt);
  if (excerpt === '') throw badEvidence('The evidence needs an excerpt.');
  if (!document) throw badEvidence(`The source document "${evidence.document}" is not in the graph; cite a loaded or curated source.`);
  if (document.curated) return { document: evidence.document, excerpt: evidence.excerpt };
  const words = wordCount(excerpt);
  if (excerpt.length < MIN_EXCERPT_CHARACTERS || words < MIN_EXCERPT_WORDS) {
    throw badEvidence(
      `A verbatim excerpt must be a passage of at least ${MIN_EXCERPT_CHARACTERS} characters and ${MIN_EXCERPT_WORDS} whole words of "${evidence.document}"; ` +
        `this one has ${counted(excerpt.length, 'character')} and ${counted(words, 'word')}.`,
    );
  }
  const text = documentText(policy.documentsDir, evidence.document);
  if (text === null) throw badEvidence(`The text of "${evidence.document}" is not on this server, so the excerpt cannot be checked; cite a curated source instead.`);
  if (!text.includes(excerpt)) throw badEvidence(`The excerpt does not occur verbatim in "${evidence.document}".`);
  if (!occursOnWholeWords(text, excerpt)) {
    throw badEvidence(`The excerpt occurs in "${evidence.document}" only inside its words; it must start and end on whole words of the document.`);
  }
  // As a load does (issue 17): an excerpt that occurs more than once must say which occurrence it means.
  const under = evidence.under ?? undefined;
  const located = locateExcerpt(text, evidence.excerpt, under, evidence.offset ?? undefined);
  if ('problem' in located) throw badEvidence(`The excerpt (evidence.${located.field}) ${located.problem.replace(/^"under"/, 'the passage "under"')} in "${evidence.document}".`);
  return { document: evidence.document, excerpt: evidence.excerpt, ...(under !== undefined ? { under } : {}), offset: located.offset };
}
