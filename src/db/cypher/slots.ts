import { ENTITY_LABELS, type EntityLabel } from '../../domain/entities';
import { RELATIONSHIP_TYPES, isRelationshipType, type Direction, type RelationshipType } from '../../domain/relationships';
import { relationshipAlternation, relationshipPattern } from './relationshipPatterns';
import { mapProjection, type GraphDetail } from '../records';

/**
 * Every fragment of Cypher text that a query's slots hold apart from filters and ordering,
 * in one place. Cypher cannot take a label, a relationship type or the bound of a
 * variable-length pattern as a parameter without losing the index seeks and expands the
 * plans rely on, so these parts are text; each renderer takes only a value from a fixed list
 * (labels, relationship types, a fixed projection) or an integer it checks, and refuses
 * anything else. See SLOT_NAMES in catalog.ts for who fills the other slots.
 */

/** LABEL: one entity label, from the fixed list. */
export function labelSlot(label: EntityLabel): string {
  if (!ENTITY_LABELS.includes(label)) throw new Error(`Unknown label ${String(label)}`);
  return label;
}

/** TYPE: one relationship type, from the fixed list. */
export function typeSlot(type: RelationshipType): string {
  if (!isRelationshipType(type)) throw new Error(`Unknown relationship type ${String(type)}`);
  return type;
}

/** TYPES: `A|B|C` for a pattern over the given relationship types (all of them by default). */
export function typesSlot(types: readonly RelationshipType[] = RELATIONSHIP_TYPES): string {
  return relationshipAlternation(types);
}

/** PATTERN: one hop of `type` in `direction`, binding the relationship to `r`. */
export function patternSlot(type: RelationshipType, direction: Direction): string {
  return relationshipPattern(type, direction);
}

/** DEPTH, MAX_LENGTH, GROUP: an integer in min..max, the only numbers written into Cypher text. */
export function integerSlot(name: string, value: number, min: number, max: number): string {
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} out of range ${min}..${max}: ${value}`);
  return String(value);
}

export const FULL_DETAIL: Readonly<GraphDetail> = Object.freeze({ degree: true, evidence: true, nodeProperties: true, edgeProperties: true });

const NODE_PROPERTIES = mapProjection('n', ['id', 'name', 'acronym', 'kind', 'status', 'derivedStatus', 'startDate', 'endDate', 'isoCode', 'jurisdiction', 'year']);
const NODE_ID_AND_NAME = 'n {.id, .name}';
const EDGE_PROPERTIES = ['.role', '.title', '.date', '.datePrecision', '.inference'];
const EDGE_EVIDENCE = ['.evidenceDocuments', '.evidenceExcerpts', '.evidenceUnder', '.evidenceOffsets'];

/**
 * DEGREE, NODE_PROPS and EDGE_PROPS of the graph queries: fixed projections, chosen by what
 * the client asked for. They are text rather than a CASE on a parameter so that a query that
 * does not need the degree plans no degree count at all.
 */
export function detailSlots(detail: Readonly<GraphDetail>): { DEGREE: string; NODE_PROPS: string; EDGE_PROPS: string } {
  const edgeKeys = [...(detail.edgeProperties ? EDGE_PROPERTIES : []), ...(detail.evidence ? EDGE_EVIDENCE : [])];
  return {
    DEGREE: detail.degree ? `COUNT { (n)-[:${typesSlot()}]-() }` : '0',
    NODE_PROPS: detail.nodeProperties ? NODE_PROPERTIES : NODE_ID_AND_NAME,
    EDGE_PROPS: edgeKeys.length > 0 ? `r {${edgeKeys.join(', ')}}` : '{}',
  };
}
