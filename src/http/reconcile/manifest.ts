import { RECONCILE_TYPES, type ReconcileType } from './types';

/**
 * The service manifest of the W3C Reconciliation Service API, version 0.2
 * (https://reconciliation-api.github.io/specs/0.2/, "Service Manifest"), built from the domain:
 * its default types are the entity types of domain/entities.ts. GET /reconcile answers it.
 */

export const RECONCILE_PATH = '/reconcile';
export const PREVIEW_PATH = `${RECONCILE_PATH}/preview`;
export const SUGGEST_ENTITY_PATH = `${RECONCILE_PATH}/suggest/entity`;
export const SUGGEST_TYPE_PATH = `${RECONCILE_PATH}/suggest/type`;

/** A batch holds at most this many queries (announced as `batchSize`; more is refused with 400). */
export const MAX_BATCH_QUERIES = 50;
/** A query asks for at most this many candidates (`limit`); DEFAULT_QUERY_LIMIT unless it says. */
export const MAX_QUERY_LIMIT = 25;
export const DEFAULT_QUERY_LIMIT = 5;
/** The size OpenRefine gives the preview's iframe. */
export const PREVIEW_SIZE = { width: 400, height: 200 } as const;

interface SuggestMetadata {
  service_url: string;
  service_path: string;
}

export interface ServiceManifest {
  versions: string[];
  name: string;
  identifierSpace: string;
  schemaSpace: string;
  documentation: string;
  defaultTypes: ReconcileType[];
  view: { url: string };
  preview: { url: string; width: number; height: number };
  suggest: { entity: SuggestMetadata; type: SuggestMetadata };
  batchSize: number;
}

/**
 * The manifest as seen from `origin` (http://host:port, the address the client used), since
 * the spec's URL templates are absolute. An entity's id appended to the identifier space is
 * its explorer page, the `view` template: `/explore?focus=org:dgmm`.
 */
export function serviceManifest(origin: string): ServiceManifest {
  return {
    versions: ['0.2'],
    name: 'Migration governance graph',
    identifierSpace: `${origin}/explore?focus=`,
    // The types are the GraphQL schema's EntityType values.
    schemaSpace: `${origin}/graphql#EntityType`,
    documentation: `${origin}/graphql`,
    defaultTypes: RECONCILE_TYPES.map((t) => ({ ...t })),
    view: { url: `${origin}/explore?focus={{id}}` },
    preview: { url: `${origin}${PREVIEW_PATH}?id={{id}}`, ...PREVIEW_SIZE },
    suggest: {
      entity: { service_url: origin, service_path: SUGGEST_ENTITY_PATH },
      type: { service_url: origin, service_path: SUGGEST_TYPE_PATH },
    },
    batchSize: MAX_BATCH_QUERIES,
  };
}
