import { RELATIONSHIP_TYPES, isRelationshipType, type Direction, type RelationshipType } from '../../domain/relationships';

/**
 * Cypher fragments for relationship types, which Cypher cannot take as parameters: rendered
 * only from the fixed list in src/domain/relationships.ts, never from user input.
 */

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
