/**
 * The fixed list of relationship types in the graph. Cypher cannot take a relationship type
 * as a parameter, so queries that vary by type are rendered from this list only, never from
 * user input.
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
] as const;

export type RelationshipType = (typeof RELATIONSHIP_TYPES)[number];
export type Direction = 'OUT' | 'IN';

export function isRelationshipType(value: string): value is RelationshipType {
  return (RELATIONSHIP_TYPES as readonly string[]).includes(value);
}

/** The Cypher pattern for one hop of `type` in `direction`, binding the relationship to `r`. */
export function relationshipPattern(type: RelationshipType, direction: Direction): string {
  if (!isRelationshipType(type)) throw new Error(`Unknown relationship type ${String(type)}`);
  return direction === 'OUT' ? `-[r:${type}]->` : `<-[r:${type}]-`;
}

/** `A|B|C` for a variable-length pattern over the given types (all of them by default). */
export function relationshipAlternation(types: readonly RelationshipType[] = RELATIONSHIP_TYPES): string {
  const valid = types.filter(isRelationshipType);
  if (valid.length === 0) throw new Error('At least one relationship type is required');
  return valid.join('|');
}
