import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type DocumentNode, type GraphQLFormattedError, type ParseOptions, type ValidationContext, type ValidationRule } from 'graphql';
import { ServiceError, serviceErrorIn, type ErrorCode } from '../errors';
import { checkFilterWidths, hasFilterArguments } from './filterWidth';
import { operationCost } from './queryCost';

/**
 * Limits every query must keep, all checked before execution, so that a hostile query is
 * refused in milliseconds with HTTP 400 (graphql/plugins/httpStatus.ts) and a code saying
 * which limit, and never reaches Neo4j:
 *
 * - tokens: graphql-js stops parsing past `maxTokens` (Apollo's `parseOptions`);
 * - recursive selections: Apollo's `maxRecursiveSelections` (fragment bombs);
 * - depth, aliases, directives: graphql-armor's validation rules;
 * - cost: our own (queryCost.ts), since armor's cost rule does not count lists by `first`;
 * - filter width and depth: our own (filterWidth.ts), over literals and variables alike;
 * - batched (array) requests: Apollo refuses them (`allowBatchedHttpRequests: false`).
 */
export const QUERY_LIMITS = {
  maxDepth: 10,
  maxAliases: 30,
  maxDirectives: 20,
  maxTokens: 2_000,
  maxRecursiveSelections: 2_000,
  maxCost: 20_000,
} as const;

export type QueryLimits = typeof QUERY_LIMITS;

/** The codes a refused query carries, one per limit; each is in the table of errors/errorCodes.ts. */
export const LIMIT_CODES = [
  'QUERY_TOO_DEEP',
  'TOO_MANY_ALIASES',
  'TOO_MANY_DIRECTIVES',
  'TOO_MANY_TOKENS',
  'TOO_MANY_SELECTIONS',
  'QUERY_TOO_COSTLY',
  'FILTER_TOO_WIDE',
  'FILTER_TOO_DEEP',
  'BATCHING_NOT_SUPPORTED',
] as const satisfies readonly ErrorCode[];
export type LimitCode = (typeof LIMIT_CODES)[number];

function isLimitCode(code: ErrorCode): code is LimitCode {
  return (LIMIT_CODES as readonly ErrorCode[]).includes(code);
}

/**
 * A refusal as a validation rule must report it: graphql-js takes only GraphQLErrors, so the
 * ServiceError rides inside as `originalError`, which Apollo keeps and formatError finds.
 * graphql-armor reports as "Syntax Error: ..."; the code says what it is, so the prefix goes.
 */
function armorRejection(code: LimitCode) {
  return [
    (context: ValidationContext | null, error: GraphQLError) => {
      const message = error.message.replace(/^Syntax Error: /, '');
      context?.reportError(new GraphQLError(message, { originalError: new ServiceError(code, message) }));
    },
  ];
}

export interface QueryLimitSetup {
  validationRules: ValidationRule[];
  plugins: Array<ApolloServerPlugin<BaseContext>>;
  parseOptions: ParseOptions;
  maxRecursiveSelections: number;
}

/** The Apollo options and plugins that enforce the limits; `fieldSuggestions: false` hides "Did you mean". */
export function queryLimitSetup(options: { fieldSuggestions: boolean }, limits: QueryLimits = QUERY_LIMITS): QueryLimitSetup {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, propagateOnRejection: false, onReject: armorRejection('QUERY_TOO_DEEP') },
    maxAliases: { n: limits.maxAliases, propagateOnRejection: false, onReject: armorRejection('TOO_MANY_ALIASES') },
    maxDirectives: { n: limits.maxDirectives, propagateOnRejection: false, onReject: armorRejection('TOO_MANY_DIRECTIVES') },
    // Tokens are limited by graphql-js's parser (a 400); armor's token plugin has answered 500.
    maxTokens: { enabled: false },
    // Armor's cost rule does not count lists by `first`; queryCostPlugin does.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: !options.fieldSuggestions },
  }).protect();
  return {
    validationRules: armor.validationRules,
    plugins: [...armor.plugins, filterWidthPlugin(), queryCostPlugin(limits.maxCost)],
    parseOptions: { maxTokens: limits.maxTokens },
    maxRecursiveSelections: limits.maxRecursiveSelections,
  };
}

/**
 * Refuses, after validation and before execution, an operation with a filter argument wider
 * than MAX_FILTER_TERMS or deeper than MAX_FILTER_DEPTH (domain/limits.ts). It reads the
 * request's variables, so it cannot be a validation rule: Apollo caches validation per document.
 */
export function filterWidthPlugin(): ApolloServerPlugin<BaseContext> {
  // Whether a document takes any filter argument, found once per parsed document (Apollo keeps
  // one per query text): most requests take none, and a cached answer should not pay the walk.
  const takesFilters = new WeakMap<DocumentNode, boolean>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          let filters = takesFilters.get(document);
          if (filters === undefined) {
            filters = hasFilterArguments(schema, document);
            takesFilters.set(document, filters);
          }
          if (filters) checkFilterWidths(schema, document, operation, request.variables ?? {});
        },
      };
    },
  };
}

/** Refuses, after validation and before execution, an operation whose cost is over `maxCost`. */
export function queryCostPlugin(maxCost: number): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const cost = operationCost(schema, document, operation, request.variables ?? {});
          if (cost > maxCost) {
            throw new ServiceError('QUERY_TOO_COSTLY', `The query may return ${cost} objects; at most ${maxCost} are allowed. Ask for smaller pages (first), smaller graphs (limit, maxLength, fewer ids) or fewer nested lists and aliases.`);
          }
        },
      };
    },
  };
}

/**
 * The limit a refused request broke, from the error Apollo or a library raised: our own
 * refusals are ServiceErrors; graphql-js's token limit, Apollo's recursion limit and its
 * refusal of batches are recognised by what they are.
 */
export function limitCodeOf(formatted: GraphQLFormattedError, error: unknown): LimitCode | null {
  const own = serviceErrorIn(error);
  if (own && isLimitCode(own.code)) return own.code;
  if (formatted.extensions?.validationErrorCode === 'MAX_RECURSIVE_SELECTIONS_EXCEEDED') return 'TOO_MANY_SELECTIONS';
  if (formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' && /Document contains more th(?:at|an) \d+ tokens/.test(formatted.message)) return 'TOO_MANY_TOKENS';
  if (formatted.extensions?.code === 'BAD_REQUEST' && /batching/i.test(formatted.message)) return 'BATCHING_NOT_SUPPORTED';
  return null;
}
