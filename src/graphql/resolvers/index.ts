import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, LocalDateResolver, URLResolver } from 'graphql-scalars';
import type { Resolvers } from '../../generated/graphql';
import { claimResolvers } from './claims';
import { countryResolvers } from './country';
import { curationResolvers } from './curation';
import { entityResolvers } from './entity';
import { graphResolvers } from './graph';
import { legalFrameworkResolvers } from './legalFramework';
import { matchResolvers } from './match';
import { organisationResolvers } from './organisation';
import { personResolvers } from './person';
import { projectResolvers } from './project';
import { relationshipResolvers } from './relationship';
import { searchResolvers } from './search';

const parts: Resolvers[] = [
  entityResolvers,
  organisationResolvers,
  projectResolvers,
  countryResolvers,
  legalFrameworkResolvers,
  personResolvers,
  searchResolvers,
  graphResolvers,
  relationshipResolvers,
  curationResolvers,
  claimResolvers,
  matchResolvers,
];

/**
 * The contract's `Date` is a calendar date, YYYY-MM-DD, with no time or zone. graphql-scalars'
 * LocalDate checks exactly that and keeps the value a string (its `Date` would turn input into
 * a JavaScript Date at midnight UTC), so `Date` is LocalDate under the contract's name.
 */
const DateScalar = new GraphQLScalarType({ ...LocalDateResolver.toConfig(), name: 'Date' });

/** All resolvers, merged type by type (each file contributes its own Query fields). */
export function buildResolvers(): Resolvers {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const part of parts) {
    for (const [typeName, fields] of Object.entries(part)) {
      merged[typeName] = { ...(merged[typeName] ?? {}), ...(fields as Record<string, unknown>) };
    }
  }
  return { ...(merged as Resolvers), Date: DateScalar, DateTime: DateTimeResolver, URL: URLResolver };
}
