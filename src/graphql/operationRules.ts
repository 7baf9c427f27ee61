import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';
import { ServiceError } from '../errors';

/**
 * Refuses a subscription while the schema has no Subscription type, before execution, with its
 * own code: graphql-js 16 validates `subscription { __typename }` and only fails executing it
 * ("Schema is not configured to execute subscription operation"), which Apollo answered as a
 * 200 with an internal error. The GraphQL specification counts an operation whose root type
 * the schema lacks as invalid (graphql-js 17 has the rule as KnownOperationTypesRule).
 */
export function subscriptionsNotSupportedRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (node.operation !== 'subscription' || context.getSchema().getSubscriptionType()) return;
      const message = 'This service has no subscriptions: send a query or a mutation instead.';
      // The ServiceError rides inside as `originalError`, which Apollo keeps and formatError finds.
      context.reportError(new GraphQLError(message, { nodes: node, originalError: new ServiceError('SUBSCRIPTIONS_NOT_SUPPORTED', message) }));
    },
  };
}
