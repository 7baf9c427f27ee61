import { isDate, isInt, type Node } from 'neo4j-driver';
import { type EntityRecord, type IdentifierRecord, type InferenceRecord, type PhaseRecord, type ResultRecord, type SourceRecord } from './records';
import { entityLabelOf, isProjectStatus } from '../domain/entities';
import type { DatePrecision } from '../domain/partialDate';

/** A property value as JavaScript sees it: Neo4j integers as numbers, dates as YYYY-MM-DD. */
export type PlainValue = string | number | boolean | null | PlainValue[];

export function toPlain(value: unknown): PlainValue {
  if (value === null || value === undefined) return null;
  if (isInt(value)) return value.toNumber();
  if (isDate(value)) return value.toString();
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

function str(props: Record<string, unknown>, key: string): string | null {
  const value = toPlain(props[key]);
  return typeof value === 'string' ? value : value === null ? null : String(value);
}

function num(props: Record<string, unknown>, key: string): number | null {
  const value = toPlain(props[key]);
  return typeof value === 'number' ? value : null;
}

function strings(props: Record<string, unknown>, key: string): string[] {
  const value = toPlain(props[key]);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function json<T>(props: Record<string, unknown>, key: string): T[] {
  const value = props[key];
  return typeof value === 'string' ? (JSON.parse(value) as T[]) : [];
}

function precision(props: Record<string, unknown>, key: string): DatePrecision | null {
  const value = str(props, key);
  return value === 'DAY' || value === 'MONTH' || value === 'YEAR' ? value : null;
}

/** Converts a node and its labels into the record of its entity type. */
export function toEntityRecord(props: Record<string, unknown>, labels: readonly string[]): EntityRecord {
  const base = { id: str(props, 'id') ?? '', name: str(props, 'name') ?? '', aliases: strings(props, 'aliases') };
  const label = entityLabelOf(labels);
  switch (label) {
    case 'Organisation':
      return { __typename: 'Organisation', ...base, acronym: str(props, 'acronym'), kind: str(props, 'kind'), isDonor: labels.includes('Donor'), ambiguousAliases: strings(props, 'ambiguousAliases') };
    case 'Project': {
      const amount = num(props, 'budgetAmount');
      const currency = str(props, 'budgetCurrency');
      return {
        __typename: 'Project',
        ...base,
        acronym: str(props, 'acronym'),
        description: str(props, 'description'),
        // The derived status where a refresh stored one; the stated one otherwise (a project a refresh has not reached yet).
        status: isProjectStatus(props.derivedStatus) ? props.derivedStatus : isProjectStatus(props.status) ? props.status : null,
        statedStatus: isProjectStatus(props.status) ? props.status : null,
        statusBasis: props.statusBasis === 'STATED' || props.statusBasis === 'DERIVED' ? props.statusBasis : isProjectStatus(props.status) ? 'STATED' : null,
        statusAsOf: str(props, 'statusAsOf'),
        inferences: json<InferenceRecord>(props, 'inferencesJson'),
        ambiguousAliases: strings(props, 'ambiguousAliases'),
        projectType: str(props, 'projectType'),
        startDate: str(props, 'startDate'),
        startPrecision: precision(props, 'startPrecision'),
        endDate: str(props, 'endDate'),
        endPrecision: precision(props, 'endPrecision'),
        durationMonths: num(props, 'durationMonths'),
        budget: amount !== null && currency !== null ? { amount, currency } : null,
        coverage: str(props, 'coverage'),
        phases: json<PhaseRecord>(props, 'phasesJson'),
        identifiers: json<IdentifierRecord>(props, 'identifiersJson'),
        results: json<ResultRecord>(props, 'resultsJson'),
      };
    }
    case 'Country':
      return { __typename: 'Country', ...base, isoCode: str(props, 'isoCode') ?? '', note: str(props, 'note') };
    case 'LegalFramework':
      return { __typename: 'LegalFramework', ...base, kind: str(props, 'kind'), jurisdiction: str(props, 'jurisdiction'), year: num(props, 'year') };
    case 'Person':
      return { __typename: 'Person', ...base };
    default:
      throw new Error(`Node ${base.id} has no entity label (labels: ${labels.join(', ')})`);
  }
}

export function toEntityFromNode(node: Node): EntityRecord {
  return toEntityRecord(node.properties as Record<string, unknown>, node.labels);
}

/** The evidence stored on a relationship as parallel lists (documents, excerpts and, where known, locations). */
export function relationshipEvidence(props: Record<string, unknown>): SourceRecord[] {
  const documents = strings(props, 'evidenceDocuments');
  const excerpts = strings(props, 'evidenceExcerpts');
  const under = toPlain(props.evidenceUnder);
  const offsets = toPlain(props.evidenceOffsets);
  return documents.map((document, i) => {
    const at = Array.isArray(offsets) ? offsets[i] : null;
    const passage = Array.isArray(under) ? under[i] : null;
    return { document, excerpt: excerpts[i] ?? '', under: typeof passage === 'string' && passage !== '' ? passage : null, offset: typeof at === 'number' && at >= 0 ? at : null };
  });
}

const EVIDENCE_LISTS = new Set(['evidenceDocuments', 'evidenceExcerpts', 'evidenceUnder', 'evidenceOffsets']);

/** A relationship's own properties, without the evidence lists. */
export function relationshipProperties(props: Record<string, unknown>): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(props)) {
    if (EVIDENCE_LISTS.has(key)) continue;
    const plain = toPlain(value);
    out[key] = Array.isArray(plain) ? JSON.stringify(plain) : plain;
  }
  return out;
}
