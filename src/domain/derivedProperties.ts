import type { EntityLabel } from './entities';
import { nameKeys, normaliseName } from './names';

/**
 * The properties an entity is stored with besides what a source or a curator gives: the keys
 * it is found by and sorted by. Ingestion and curation both derive them here, so that a
 * curated entity is found exactly as a loaded one is.
 */
export interface NamedAttributes {
  name: string;
  acronym?: string | null;
  aliases?: readonly string[] | null;
  /**
   * Names other bodies in the field share (GCC, PDMM): the entity is found by them, but the
   * name resolver never resolves one alone to it (src/domain/matching.ts).
   */
  ambiguousAliases?: readonly string[] | null;
  description?: string | null;
  /** A country is found by its ISO code too. */
  isoCode?: string | null;
  jurisdiction?: string | null;
  projectType?: string | null;
}

export interface DerivedProperties {
  aliasesText: string;
  nameKeys: string[];
  sortName: string;
  searchText: string;
  jurisdictionKey?: string | null;
  projectTypeKey?: string | null;
}

/** Every derived property's name: left out of audit snapshots and of the deny-list's field checks. */
export const DERIVED_PROPERTIES: ReadonlySet<string> = new Set([
  'aliasesText',
  'nameKeys',
  'sortName',
  'searchText',
  'jurisdictionKey',
  'projectTypeKey',
  'contentHash',
  'identifierValues',
  'startText',
  'endText',
  // The claims behind the preferred values (src/domain/claims.ts) and the fields in conflict.
  'claimsJson',
  'conflictFields',
  // The status the dates give today (src/domain/projectStatus.ts), refreshed apart from the claims.
  'derivedStatus',
  'statusBasis',
]);

/** The derived properties of an entity of `label` with these attributes. */
export function derivedProperties(label: EntityLabel, attributes: NamedAttributes): DerivedProperties {
  const aliases = [...(attributes.aliases ?? [])];
  const ambiguous = [...(attributes.ambiguousAliases ?? [])];
  const acronym = attributes.acronym ?? null;
  const derived: DerivedProperties = {
    aliasesText: aliases.join(' | '),
    nameKeys: nameKeys([attributes.name, acronym, ...aliases, ...ambiguous, ...(label === 'Country' && attributes.isoCode ? [attributes.isoCode] : [])]),
    sortName: normaliseName(attributes.name),
    searchText: normaliseName([attributes.name, acronym ?? '', ...aliases, attributes.description ?? ''].join(' ')),
  };
  if (label === 'LegalFramework') derived.jurisdictionKey = attributes.jurisdiction ? normaliseName(attributes.jurisdiction) : null;
  if (label === 'Project' && attributes.projectType !== undefined) derived.projectTypeKey = attributes.projectType ? normaliseName(attributes.projectType) : null;
  return derived;
}
