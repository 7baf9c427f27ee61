import type { MatchReason, MatchRule } from '../domain/matching';
import type { EntityLabel, ProjectStatus } from '../domain/entities';
import type { DatePrecision } from '../domain/partialDate';
import type { StatusBasis } from '../domain/projectStatus';

/**
 * The record types the data layer returns. GraphQL types map onto these through codegen's
 * `mappers`, so a resolver cannot hand GraphQL a shape the data layer does not produce.
 */


interface EntityFields {
  id: string;
  name: string;
  aliases: string[];
}

export interface OrganisationRecord extends EntityFields {
  __typename: 'Organisation';
  acronym: string | null;
  kind: string | null;
  isDonor: boolean;
  ambiguousAliases: string[];
}

export interface PhaseRecord {
  name: string;
  startDate: string | null;
  startPrecision: DatePrecision | null;
  endDate: string | null;
  endPrecision: DatePrecision | null;
}

export interface IdentifierRecord {
  scheme: string;
  value: string;
}

export interface ResultRecord {
  indicator: string;
  value: number;
  unit: string;
  qualifier: string | null;
}

export interface InferenceRecord {
  field: string;
  reasoning: string;
}

export interface MoneyRecord {
  amount: number;
  currency: string;
}

export interface ProjectRecord extends EntityFields {
  __typename: 'Project';
  acronym: string | null;
  description: string | null;
  /** The status today: the stated one unless the dates say otherwise (src/domain/projectStatus.ts). */
  status: ProjectStatus | null;
  /** The status the sources state, as of `statusAsOf`. */
  statedStatus: ProjectStatus | null;
  statusBasis: StatusBasis | null;
  /** The date of the page that states the status (YYYY, YYYY-MM or YYYY-MM-DD); null when undated. */
  statusAsOf: string | null;
  /** Attributes the sources imply rather than state, with the reasoning. */
  inferences: InferenceRecord[];
  ambiguousAliases: string[];
  projectType: string | null;
  startDate: string | null;
  startPrecision: DatePrecision | null;
  endDate: string | null;
  endPrecision: DatePrecision | null;
  durationMonths: number | null;
  budget: MoneyRecord | null;
  coverage: string | null;
  phases: PhaseRecord[];
  identifiers: IdentifierRecord[];
  results: ResultRecord[];
}

export interface CountryRecord extends EntityFields {
  __typename: 'Country';
  isoCode: string;
  note: string | null;
}

export interface LegalFrameworkRecord extends EntityFields {
  __typename: 'LegalFramework';
  kind: string | null;
  jurisdiction: string | null;
  year: number | null;
}

export interface PersonRecord extends EntityFields {
  __typename: 'Person';
}

export type EntityRecord = OrganisationRecord | ProjectRecord | CountryRecord | LegalFrameworkRecord | PersonRecord;

/** One piece of evidence: a verbatim excerpt of a source document. */
export interface SourceRecord {
  document: string;
  excerpt: string;
  /** The passage of the document the excerpt follows, where the dataset names one. */
  under?: string | null;
  /** Where the excerpt starts in the document's text (white space collapsed), where known. */
  offset?: number | null;
}

/** A source document's own description. */
export interface DocumentRecord {
  id: string;
  title: string | null;
  publisher: string | null;
  curated: boolean;
  reference: string | null;
  url: string | null;
}

/** An entity reached over a relationship, with the relationship's properties and evidence. */
export interface RelatedRecord<T extends EntityRecord = EntityRecord> {
  node: T;
  type: string;
  properties: Record<string, string | number | boolean | null>;
  evidence: SourceRecord[];
}

/** An edge of a relationship connection, flattened for GraphQL. */
export interface RelatedEdgeRecord<T extends EntityRecord = EntityRecord> {
  cursor: string;
  node: T;
  type: string;
  role: string | null;
  title: string | null;
  date: string | null;
  datePrecision: DatePrecision | null;
  dateText: string | null;
  inferred: boolean;
  inference: string | null;
  evidence: SourceRecord[];
}

export interface PersonRoleRecord {
  title: string;
  projectId: string | null;
  organisationId: string | null;
  evidence: SourceRecord[];
}

export interface SearchHitRecord {
  score: number;
  entity: EntityRecord;
  matchedField: string | null;
  highlight: string | null;
}

/** A group of projects in projectStats. */
export interface BucketRecord {
  key: string;
  entity: EntityRecord | null;
  count: number;
  budget: MoneyRecord[];
}

/** An entity drawn in a graph: what a visual client shows of it, whatever its type. */
export interface GraphNodeRecord {
  id: string;
  name: string;
  type: EntityLabel;
  labels: string[];
  acronym: string | null;
  kind: string | null;
  status: ProjectStatus | null;
  startDate: string | null;
  endDate: string | null;
  isoCode: string | null;
  jurisdiction: string | null;
  year: number | null;
  /** Relationships to other entities in the whole graph, of any type. */
  degree: number;
}

/** A relationship drawn in a graph, with its own properties and evidence. */
export interface GraphEdgeRecord {
  id: string;
  source: string;
  target: string;
  type: string;
  role: string | null;
  title: string | null;
  date: string | null;
  evidence: SourceRecord[];
}

export interface GraphRecord {
  nodes: GraphNodeRecord[];
  edges: GraphEdgeRecord[];
  /** True when a limit left entities (or paths) out. */
  truncated: boolean;
}

/**
 * What a graph answer carries beyond ids, names and types: each node's degree (counted over
 * every entity relationship type) and each edge's evidence. A client that asks for neither
 * (a drawing of a neighbourhood, say) spares the database both.
 */
export interface GraphDetail {
  degree: boolean;
  evidence: boolean;
  /** Node properties beyond id and name (acronym, kind, status, dates, ISO code, jurisdiction, year). */
  nodeProperties: boolean;
  /** Edge properties (role, title, date). */
  edgeProperties: boolean;
}

/** A page of a list: the nodes, where it starts, and how many match in all. */
export interface Page<T> {
  nodes: T[];
  offset: number;
  totalCount: number;
  hasNextPage: boolean;
}

/**
 * How one name given in a filter was resolved (NameResolution in schema/match.graphql): the
 * entity, the rule and score of domain/matching.ts, and what an organisation filter included
 * besides it (renamed bodies, units).
 */
export interface NameResolutionRecord {
  field: string;
  name: string;
  entity: EntityRecord;
  rule: MatchRule;
  matchedName: string;
  score: number;
  lineage: OrganisationRecord[];
  units: OrganisationRecord[];
}

/** One scored candidate of `match` (MatchCandidate in schema/match.graphql). */
export interface MatchCandidateRecord {
  entity: EntityRecord;
  score: number;
  /** Whether it matches by a rule (FUZZY: at or above the threshold), or is only a suggestion. */
  matches: boolean;
  reasons: MatchReason[];
}

/** A page of projects, with how the filter's names were resolved. */
export type ProjectPage = Page<ProjectRecord> & { resolutions?: NameResolutionRecord[] };
export type RelatedPage<T extends EntityRecord> = Page<RelatedRecord<T>>;
export type OrganisationRelatedPage = RelatedPage<OrganisationRecord>;
export type CountryRelatedPage = RelatedPage<CountryRecord>;
export type LegalFrameworkRelatedPage = RelatedPage<LegalFrameworkRecord>;
export type PersonRelatedPage = RelatedPage<PersonRecord>;
export type ProjectRelatedPage = RelatedPage<ProjectRecord>;
export type OrganisationRelatedEdge = RelatedEdgeRecord<OrganisationRecord>;
export type CountryRelatedEdge = RelatedEdgeRecord<CountryRecord>;
export type LegalFrameworkRelatedEdge = RelatedEdgeRecord<LegalFrameworkRecord>;
export type PersonRelatedEdge = RelatedEdgeRecord<PersonRecord>;
export type ProjectRelatedEdge = RelatedEdgeRecord<ProjectRecord>;
export type OrganisationPage = Page<OrganisationRecord> & { resolutions?: NameResolutionRecord[] };
export type LegalFrameworkPage = Page<LegalFrameworkRecord>;

/**
 * The entity properties the API reads (src/db/conversions.ts). Read queries project these
 * rather than every property: the derived ones (search text, name keys, sort names, hashes)
 * stay in the database, and an answer costs what it shows.
 */
export const ENTITY_PROPERTIES = [
  'id', 'name', 'aliases', 'acronym', 'kind', 'description', 'status', 'projectType',
  'startDate', 'startPrecision', 'endDate', 'endPrecision', 'durationMonths', 'budgetAmount',
  'budgetCurrency', 'coverage', 'phasesJson', 'identifiersJson', 'resultsJson', 'isoCode',
  'note', 'jurisdiction', 'year', 'derivedStatus', 'statusBasis', 'statusAsOf', 'inferencesJson', 'ambiguousAliases',
] as const;

export type EntityProperty = (typeof ENTITY_PROPERTIES)[number];

/**
 * The properties stored as Cypher dates (ingest.nodes). A read returns them as their ISO text
 * (`toString`), which is what the records hold (toPlain) and the API shows: the driver would
 * otherwise build a Date of each with its 64-bit Integer arithmetic, a tenth of the service's
 * time on a page of twenty projects.
 */
export const DATE_PROPERTIES: ReadonlySet<string> = new Set<EntityProperty>(['startDate', 'endDate']);

function checkedVariable(variable: string): string {
  if (!/^[a-z][a-z0-9]*$/.test(variable)) throw new Error(`Bad Cypher variable ${variable}`);
  return variable;
}

/** `x.p`, or `toString(x.p)` for a date: how a read returns property `p` of `x`. */
export function propertyRead(variable: string, property: EntityProperty): string {
  const read = `${checkedVariable(variable)}.${property}`;
  return DATE_PROPERTIES.has(property) ? `toString(${read})` : read;
}

/** `x {.id, .name, startDate: toString(x.startDate), ...}`: the map projection of `properties` of `x`. */
export function mapProjection(variable: string, properties: readonly EntityProperty[]): string {
  const v = checkedVariable(variable);
  return `${v} {${properties.map((p) => (DATE_PROPERTIES.has(p) ? `${p}: ${propertyRead(v, p)}` : `.${p}`)).join(', ')}}`;
}

/** The map projection of ENTITY_PROPERTIES for the variable `x`. */
export function entityProjection(variable: string): string {
  return mapProjection(variable, ENTITY_PROPERTIES);
}
