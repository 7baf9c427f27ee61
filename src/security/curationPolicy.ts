import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { GraphQLError } from 'graphql';
import type { DocumentRecord } from '../db/records';
import { collapseWhitespace } from '../ingest/checks';
import { defaultDocumentsDir } from '../ingest/ingest';
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
        throw new GraphQLError(`The field ${where} names a person on the deny-list of victims and survivors; the graph never records them.`, {
          extensions: { code: 'SENSITIVE_DATA', field: where },
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

function badEvidence(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field: 'evidence' } });
}

/**
 * The cited document must be in the graph; unless it is a curated source (a public reference
 * with no text here), its text must be on the server and contain the excerpt verbatim.
 */
export function checkEvidence(policy: CurationPolicy, evidence: EvidenceInput, document: DocumentRecord | null): void {
  if (collapseWhitespace(evidence.excerpt) === '') throw badEvidence('The evidence needs an excerpt.');
  if (!document) throw badEvidence(`The source document "${evidence.document}" is not in the graph; cite a loaded or curated source.`);
  if (document.curated) return;
  const text = documentText(policy.documentsDir, evidence.document);
  if (text === null) throw badEvidence(`The text of "${evidence.document}" is not on this server, so the excerpt cannot be checked; cite a curated source instead.`);
  if (!text.includes(collapseWhitespace(evidence.excerpt))) throw badEvidence(`The excerpt does not occur verbatim in "${evidence.document}".`);
}
