import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type SelectionSetNode } from 'graphql';
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

export function unauthenticated(message = 'This needs an API key: send "Authorization: Bearer <key>".'): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: new HeaderMap([['www-authenticate', 'Bearer']]) } },
  });
}

export function forbidden(role: Role): GraphQLError {
  return new GraphQLError(`This needs an API key with the role ${role}.`, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
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

/**
 * A request refused for want of a key answers 401 (with WWW-Authenticate), one whose key lacks
 * the role 403, so that HTTP clients and proxies see what happened without reading the body.
 */
export function accessStatusPlugin<TContext extends ViewerContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const codes = (response.body.singleResult.errors ?? []).map((e) => e.extensions?.code);
          if (codes.includes('UNAUTHENTICATED')) {
            response.http.status = 401;
            response.http.headers.set('www-authenticate', 'Bearer');
          } else if (codes.includes('FORBIDDEN')) response.http.status = 403;
        },
      };
    },
  };
}
