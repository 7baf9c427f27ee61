import { ENTITY_LABELS, ENTITY_TYPE_OF_LABEL, type EntityLabel, type EntityTypeName } from '../../domain/entities';

/**
 * The reconciliation types of the service: one per entity type of the domain, with the
 * schema's EntityType name as its id (ORGANISATION, LEGAL_FRAMEWORK, ...), so that a type id
 * in a reconciliation query is the value `match(types:)` takes.
 */

export interface ReconcileType {
  id: EntityTypeName;
  name: string;
}

/** "LegalFramework" -> "Legal framework": a label read as words. */
function displayName(label: EntityLabel): string {
  const words = label.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const RECONCILE_TYPES: readonly ReconcileType[] = ENTITY_LABELS.map((label) => ({ id: ENTITY_TYPE_OF_LABEL[label], name: displayName(label) }));

/** The reconciliation type of an entity label. */
export function reconcileTypeOf(label: EntityLabel): ReconcileType {
  return { id: ENTITY_TYPE_OF_LABEL[label], name: displayName(label) };
}

/**
 * The label a type id names, or null. Ids are read ignoring case, and a label is taken for
 * its type ("Organisation", "LegalFramework", "legal_framework"), since people type them too.
 */
export function labelOfTypeId(id: string): EntityLabel | null {
  const key = id.trim().replace(/[\s_-]/g, '').toLowerCase();
  return ENTITY_LABELS.find((label) => label.toLowerCase() === key) ?? null;
}

/** The type ids, for the messages that list what is expected. */
export const TYPE_IDS: string = RECONCILE_TYPES.map((t) => t.id).join(', ');
