import type { Resolvers } from '../../generated/graphql';
import type { CountryRecord, LegalFrameworkRecord, OrganisationRecord, PersonRecord, ProjectRecord } from '../../db/records';
import { relationshipConnectionResolvers } from './shared';

/** Connections over ties; their edges are flat records and need no resolvers of their own. */
export const relationshipResolvers: Resolvers = {
  OrganisationRelationshipConnection: relationshipConnectionResolvers<OrganisationRecord>(),
  CountryRelationshipConnection: relationshipConnectionResolvers<CountryRecord>(),
  LegalFrameworkRelationshipConnection: relationshipConnectionResolvers<LegalFrameworkRecord>(),
  PersonRelationshipConnection: relationshipConnectionResolvers<PersonRecord>(),
  ProjectRelationshipConnection: relationshipConnectionResolvers<ProjectRecord>(),
};
