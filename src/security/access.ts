import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { Kind, type DocumentNode, type SelectionSetNode } from 'graphql';
import { ServiceError } from '../errors';
import { hasRole, type Role, type Viewer } from './apiKeys';

/**
 * Who may change the graph. Mutations are checked twice: once before execution (so that a
 * request without the right key changes nothing and reaches no database) and again in each
 * resolver (so that no path around the first check exists).
 */

/** The role each mutation needs; any mutation not named here needs `curator`. */
export const MUTATION_ROLES: Readonly<Record<string, Role>> = {
  mergeEntities: 'admin',
};

/** The viewer as a context carries it; the plugin is generic over the rest of the context. */
export interface ViewerContext {
  viewer: Viewer;
}

/** Answered 401 with WWW-Authenticate (errors/errorCodes.ts), so clients see it without reading the body. */
export function unauthenticated(message = 'This needs an API key: send "Authorization: Bearer <key>".'): ServiceError {
  return new ServiceError('UNAUTHENTICATED', message);
}

/** Answered 403. */
export function forbidden(role: Role): ServiceError {
  return new ServiceError('FORBIDDEN', `This needs an API key with the role ${role}.`);
}

/** The actor of a change: the viewer when it holds `role` (or a higher one); throws otherwise. */
export function requireRole(viewer: Viewer, role: Role): { name: string; role: Role } {
  if (viewer.kind !== 'key') throw unauthenticated();
  if (!hasRole(viewer, role)) throw forbidden(role);
  return { name: viewer.name, role: viewer.role };
}

/** The names of the root fields an operation selects, through fragments too. */
function rootFieldNames(selectionSet: SelectionSetNode, document: DocumentNode, seen = new Set<string>()): string[] {
  const names: string[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) names.push(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT) names.push(...rootFieldNames(selection.selectionSet, document, seen));
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) names.push(...rootFieldNames(fragment.selectionSet, document, seen));
    }
  }
  return names;
}

/** Refuses a mutation before it executes unless the viewer holds the role every field needs. */
export function mutationAccessPlugin<TContext extends ViewerContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue }: GraphQLRequestContext<TContext>) {
          if (operation?.operation !== 'mutation' || !document) return;
          for (const field of rootFieldNames(operation.selectionSet, document)) {
            if (field === '__typename') continue;
            requireRole(contextValue.viewer, MUTATION_ROLES[field] ?? 'curator');
          }
        },
      };
    },
  };
}
