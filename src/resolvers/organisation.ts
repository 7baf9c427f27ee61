import type { Resolvers } from '../generated/graphql';
import { pageRequest } from '../db/paging';
import type { OrganisationRecord } from '../db/records';
import { connectionResolvers, entityOfType, relatedEntities, relatedEntity, requireIdOrName } from './shared';

export const organisationResolvers: Resolvers = {
  Query: {
    organisation: async (_root, args, ctx) => {
      requireIdOrName(args, 'organisation');
      if (args.id) return entityOfType(ctx, args.id, 'Organisation');
      const found = await ctx.repositories.entities.findByName('Organisation', args.name ?? '');
      return found?.__typename === 'Organisation' ? found : null;
    },
    organisations: (_root, args, ctx) => ctx.repositories.lists.organisations(pageRequest(args.first, args.after), false),
    donors: (_root, args, ctx) => ctx.repositories.lists.organisations(pageRequest(args.first, args.after), true),
  },
  Organisation: {
    sources: (org, _args, ctx) => ctx.loaders.evidence.load(org.id),
    parent: (org, _args, ctx) => relatedEntity(ctx, org.id, 'PART_OF', 'OUT', 'Organisation'),
    units: (org, _args, ctx) => relatedEntities(ctx, org.id, 'PART_OF', 'IN', 'Organisation'),
    country: (org, _args, ctx) => relatedEntity(ctx, org.id, 'IN_COUNTRY', 'OUT', 'Country'),
    successor: (org, _args, ctx) => relatedEntity(ctx, org.id, 'SUCCEEDED_BY', 'OUT', 'Organisation'),
    predecessor: (org, _args, ctx) => relatedEntity(ctx, org.id, 'SUCCEEDED_BY', 'IN', 'Organisation'),
  },
  OrganisationConnection: connectionResolvers<OrganisationRecord>(),
};
