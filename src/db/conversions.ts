import { isDate, isInt, type Node } from 'neo4j-driver';
import { type EntityRecord, type IdentifierRecord, type PhaseRecord, type ResultRecord, type SourceRecord } from './records';
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
      return { __typename: 'Organisation', ...base, acronym: str(props, 'acronym'), kind: str(props, 'kind'), isDonor: labels.includes('Donor') };
    case 'Project': {
      const amount = num(props, 'budgetAmount');
      const currency = str(props, 'budgetCurrency');
      return {
        __typename: 'Project',
        ...base,
        acronym: str(props, 'acronym'),
        description: str(props, 'description'),
        status: isProjectStatus(props.status) ? props.status : null,
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

/** The evidence stored on a relationship as two parallel lists. */
export function relationshipEvidence(props: Record<string, unknown>): SourceRecord[] {
  const documents = strings(props, 'evidenceDocuments');
  const excerpts = strings(props, 'evidenceExcerpts');
  return documents.map((document, i) => ({ document, excerpt: excerpts[i] ?? '' }));
}

/** A relationship's own properties, without the evidence lists. */
export function relationshipProperties(props: Record<string, unknown>): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(props)) {
    if (key === 'evidenceDocuments' || key === 'evidenceExcerpts') continue;
    const plain = toPlain(value);
    out[key] = Array.isArray(plain) ? JSON.stringify(plain) : plain;
  }
  return out;
}
