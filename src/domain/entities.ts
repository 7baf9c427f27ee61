/**
 * The entity types of the graph and the rules every layer applies to them: labels, the
 * schema's EntityType names, id patterns, the kinds and statuses a field may take, and which
 * attributes each type has. The dataset format (data/README.md), curation, the resolvers, the
 * extractor and the exports all read these; nothing here imports anything of ours.
 */

export const ENTITY_LABELS = ['Organisation', 'Project', 'Country', 'LegalFramework', 'Person'] as const;
export type EntityLabel = (typeof ENTITY_LABELS)[number];

/** The schema's `EntityType` enum values (schema/base.graphql), one per label. */
export type EntityTypeName = 'ORGANISATION' | 'PROJECT' | 'COUNTRY' | 'LEGAL_FRAMEWORK' | 'PERSON';

export const ENTITY_TYPE_OF_LABEL: Readonly<Record<EntityLabel, EntityTypeName>> = {
  Organisation: 'ORGANISATION',
  Project: 'PROJECT',
  Country: 'COUNTRY',
  LegalFramework: 'LEGAL_FRAMEWORK',
  Person: 'PERSON',
};

export const LABEL_OF_ENTITY_TYPE: Readonly<Record<EntityTypeName, EntityLabel>> = {
  ORGANISATION: 'Organisation',
  PROJECT: 'Project',
  COUNTRY: 'Country',
  LEGAL_FRAMEWORK: 'LegalFramework',
  PERSON: 'Person',
};

export function isEntityLabel(value: string): value is EntityLabel {
  return (ENTITY_LABELS as readonly string[]).includes(value);
}

/** The entity type of a node: its first label from the fixed list (a node also carries Entity, Donor...). */
export function entityLabelOf(labels: readonly string[]): EntityLabel | null {
  return ENTITY_LABELS.find((label) => labels.includes(label)) ?? null;
}

/** The id of each entity type: a prefix, then lower-case letters, digits and hyphens; countries by ISO code. */
export const ID_PATTERNS: Readonly<Record<EntityLabel, { pattern: RegExp; description: string }>> = {
  Organisation: { pattern: /^org:[a-z0-9][a-z0-9-]*$/, description: 'an id like org:… (lower-case letters, digits and hyphens after the prefix)' },
  Project: { pattern: /^project:[a-z0-9][a-z0-9-]*$/, description: 'an id like project:… (lower-case letters, digits and hyphens after the prefix)' },
  Country: { pattern: /^country:[A-Z]{2}$/, description: 'country: followed by an ISO 3166-1 alpha-2 code, e.g. country:TR' },
  LegalFramework: { pattern: /^lf:[a-z0-9][a-z0-9-]*$/, description: 'an id like lf:… (lower-case letters, digits and hyphens after the prefix)' },
  Person: { pattern: /^person:[a-z0-9][a-z0-9-]*$/, description: 'an id like person:… (lower-case letters, digits and hyphens after the prefix)' },
};

/** ISO 3166-1 alpha-2, as country ids and `isoCode` carry it. */
export const ISO_COUNTRY_CODE = /^[A-Z]{2}$/;
/** ISO 4217, as budgets carry their currency. */
export const ISO_CURRENCY_CODE = /^[A-Z]{3}$/;
/** A source document's id is its file name in data/documents. */
export const SOURCE_ID = /^[A-Za-z0-9._-]+$/;

/** The id a country has: its ISO code after `country:`. */
export function countryId(isoCode: string): string {
  return `country:${isoCode}`;
}

export const ORGANISATION_KINDS = [
  'GOVERNMENT',
  'LOCAL_GOVERNMENT',
  'OTHER_PUBLIC_SECTOR',
  'INTERNATIONAL_NGO',
  'NATIONAL_NGO',
  'REGIONAL_NGO',
  'PUBLIC_PRIVATE_PARTNERSHIP',
  'MULTILATERAL',
  'FOUNDATION',
  'PRIVATE_SECTOR',
  'ACADEMIC',
  'OTHER',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const LEGAL_FRAMEWORK_KINDS = [
  'LAW',
  'REGULATION',
  'CONVENTION',
  'DIRECTIVE',
  'STRATEGY',
  'ACTION_PLAN',
  'NATIONAL_PLAN',
  'REFERRAL_MECHANISM',
  'RESOLUTION',
  'ACQUIS',
  'OTHER',
] as const;
export type LegalFrameworkKind = (typeof LEGAL_FRAMEWORK_KINDS)[number];

/** The kinds an entity of `label` may have; none for types without a kind. */
export function kindsOf(label: EntityLabel): readonly string[] {
  if (label === 'Organisation') return ORGANISATION_KINDS;
  if (label === 'LegalFramework') return LEGAL_FRAMEWORK_KINDS;
  return [];
}

export const PROJECT_STATUSES = ['PLANNED', 'ONGOING', 'COMPLETED', 'CANCELLED', 'SUSPENDED'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export function isProjectStatus(value: unknown): value is ProjectStatus {
  return typeof value === 'string' && (PROJECT_STATUSES as readonly string[]).includes(value);
}

/** Legal frameworks carry the year they were adopted, within these bounds. */
export const YEAR_RANGE = { min: 1800, max: 2100 } as const;

/** The attributes a curator may give an entity; which apply depends on its type. */
export interface EntityAttributes {
  name?: string;
  acronym?: string | null;
  aliases?: readonly string[] | null;
  kind?: string | null;
  description?: string | null;
  status?: ProjectStatus | null;
  isoCode?: string;
  jurisdiction?: string | null;
  year?: number | null;
}

export type EntityAttribute = keyof EntityAttributes;

/** Which attributes each entity type has (as in the dataset format, data/README.md). */
export const ENTITY_ATTRIBUTES: Readonly<Record<EntityLabel, readonly EntityAttribute[]>> = {
  Organisation: ['name', 'acronym', 'aliases', 'kind'],
  Project: ['name', 'acronym', 'aliases', 'description', 'status'],
  Country: ['name', 'aliases', 'isoCode'],
  LegalFramework: ['name', 'aliases', 'kind', 'jurisdiction', 'year'],
  Person: ['name', 'aliases'],
};
