import type { EntityLabel } from './entities';

/**
 * The relationship kinds of the graph, the entity types each may join, and the properties each
 * carries. Cypher cannot take a relationship type as a parameter, so queries that vary by type
 * are rendered from this list only (src/db/cypher), never from user input.
 */
export const RELATIONSHIP_TYPES = [
  'FUNDED_BY',
  'IMPLEMENTED_BY',
  'BENEFITS',
  'PARTNERED_WITH',
  'IN_COUNTRY',
  'ALIGNED_WITH',
  'PART_OF',
  'SUCCEEDED_BY',
  'MANAGES',
  'WORKS_FOR',
  'ATTENDED_BY',
  'JOINT_PROJECT_OF',
  'COORDINATES',
] as const;

export type RelationshipType = (typeof RELATIONSHIP_TYPES)[number];
export type Direction = 'OUT' | 'IN';

export function isRelationshipType(value: string): value is RelationshipType {
  return (RELATIONSHIP_TYPES as readonly string[]).includes(value);
}

/** The roles an implementer has; one named without a role leads (data/README.md). */
export const IMPLEMENTER_ROLES = ['LEAD', 'PARTNER'] as const;
export type ImplementerRole = (typeof IMPLEMENTER_ROLES)[number];
export const DEFAULT_IMPLEMENTER_ROLE: ImplementerRole = 'LEAD';

export interface RelationshipRule {
  /** The entity types it joins, from -> to. */
  endpoints: ReadonlyArray<readonly [EntityLabel, EntityLabel]>;
  /** `free`: any text; a list: one of those; `none`: it has no role. */
  role: 'none' | 'free' | readonly string[];
  /** A person's title in a project or organisation. */
  title: 'none' | 'required';
  /** A dated event (a renaming). */
  date: boolean;
}

/** What each relationship kind joins and carries, as ingestion plans them and curation checks them. */
export const RELATIONSHIP_RULES: Readonly<Record<RelationshipType, RelationshipRule>> = {
  FUNDED_BY: { endpoints: [['Project', 'Organisation']], role: 'none', title: 'none', date: false },
  IMPLEMENTED_BY: { endpoints: [['Project', 'Organisation']], role: IMPLEMENTER_ROLES, title: 'none', date: false },
  BENEFITS: { endpoints: [['Project', 'Organisation']], role: 'free', title: 'none', date: false },
  PARTNERED_WITH: { endpoints: [['Project', 'Organisation']], role: 'free', title: 'none', date: false },
  IN_COUNTRY: {
    endpoints: [
      ['Project', 'Country'],
      ['Organisation', 'Country'],
    ],
    role: 'none',
    title: 'none',
    date: false,
  },
  ALIGNED_WITH: { endpoints: [['Project', 'LegalFramework']], role: 'none', title: 'none', date: false },
  PART_OF: { endpoints: [['Organisation', 'Organisation']], role: 'none', title: 'none', date: false },
  SUCCEEDED_BY: { endpoints: [['Organisation', 'Organisation']], role: 'none', title: 'none', date: true },
  MANAGES: { endpoints: [['Person', 'Project']], role: 'none', title: 'required', date: false },
  WORKS_FOR: { endpoints: [['Person', 'Organisation']], role: 'none', title: 'required', date: false },
  // Issue 17: roles as the sources state them, rather than bent into a partnership.
  // An organisation represented at an event of the project (a closing ceremony); the role names the event.
  ATTENDED_BY: { endpoints: [['Project', 'Organisation']], role: 'free', title: 'none', date: false },
  // A party the source names to a joint project ("IOM, EU, and Turkish National Police ... Joint Project").
  JOINT_PROJECT_OF: { endpoints: [['Project', 'Organisation']], role: 'free', title: 'none', date: false },
  // A body that coordinates another ("the Coordinator of the National Task Force to Combat Trafficking").
  COORDINATES: { endpoints: [['Organisation', 'Organisation']], role: 'none', title: 'none', date: false },
};

/** Why `type` cannot join a `from` to a `to`, or null when it can. */
export function endpointProblem(type: RelationshipType, from: { id: string; label: EntityLabel }, to: { id: string; label: EntityLabel }): string | null {
  const allowed = RELATIONSHIP_RULES[type].endpoints;
  if (allowed.some(([fromLabel, toLabel]) => fromLabel === from.label && toLabel === to.label)) return null;
  return `${type} joins ${allowed.map(([f, t]) => `a ${f} to a ${t}`).join(' or ')}; "${from.id}" is a ${from.label} and "${to.id}" a ${to.label}.`;
}
