import type { Resolvers } from '../../generated/graphql';
import { pageRequest } from '../cursors';
import type { OrganisationPage, OrganisationRecord } from '../../db/records';
import { resolveName, resolveOrganisationFilter } from './names';
import { projectsOf } from './projectsOf';
import { connectionResolvers, entityOfType, relatedEntities, relatedEntity, relationshipPage, requireIdOrName } from './shared';

export const organisationResolvers: Resolvers = {
  Query: {
    organisation: async (_root, args, ctx) => {
      requireIdOrName(args, 'organisation');
      if (args.id) return entityOfType(ctx, args.id, 'Organisation');
      const { entity } = await resolveName(ctx, args.name ?? '', 'Organisation', 'name');
      return entity.__typename === 'Organisation' ? entity : null;
    },
    organisations: async (_root, args, ctx) => {
      const request = pageRequest(args.first, args.after);
      const { filter, resolutions } = await resolveOrganisationFilter(ctx, args.filter);
      return { ...(await ctx.repositories.lists.organisations(filter, args.orderBy, request, false)), resolutions };
    },
    donors: async (_root, args, ctx) => {
      const request = pageRequest(args.first, args.after);
      const { filter, resolutions } = await resolveOrganisationFilter(ctx, args.filter);
      return { ...(await ctx.repositories.lists.organisations(filter, args.orderBy, request, true)), resolutions };
    },
  },
  Organisation: {
    sources: (org, _args, ctx) => ctx.loaders.evidence.load(org.id),
    parent: (org, _args, ctx) => relatedEntity(ctx, org.id, 'PART_OF', 'OUT', 'Organisation'),
    parentConnection: (org, _args, ctx) => relationshipPage(ctx, org.id, 'PART_OF', 'OUT', 'Organisation', {}),
    units: (org, _args, ctx) => relatedEntities(ctx, org.id, 'PART_OF', 'IN', 'Organisation'),
    unitsConnection: (org, _args, ctx) => relationshipPage(ctx, org.id, 'PART_OF', 'IN', 'Organisation', {}),
    country: (org, _args, ctx) => relatedEntity(ctx, org.id, 'IN_COUNTRY', 'OUT', 'Country'),
    countryConnection: (org, _args, ctx) => relationshipPage(ctx, org.id, 'IN_COUNTRY', 'OUT', 'Country', {}),
    successor: (org, _args, ctx) => relatedEntity(ctx, org.id, 'SUCCEEDED_BY', 'OUT', 'Organisation'),
    successorConnection: (org, _args, ctx) => relationshipPage(ctx, org.id, 'SUCCEEDED_BY', 'OUT', 'Organisation', {}),
    predecessor: (org, _args, ctx) => relatedEntity(ctx, org.id, 'SUCCEEDED_BY', 'IN', 'Organisation'),
    predecessorConnection: (org, _args, ctx) => relationshipPage(ctx, org.id, 'SUCCEEDED_BY', 'IN', 'Organisation', {}),
    coordinates: (org, _args, ctx) => relatedEntities(ctx, org.id, 'COORDINATES', 'OUT', 'Organisation'),
    coordinatesConnection: (org, _args, ctx) => relationshipPage(ctx, org.id, 'COORDINATES', 'OUT', 'Organisation', {}),
    coordinatedBy: (org, _args, ctx) => relatedEntities(ctx, org.id, 'COORDINATES', 'IN', 'Organisation'),
    coordinatedByConnection: (org, _args, ctx) => relationshipPage(ctx, org.id, 'COORDINATES', 'IN', 'Organisation', {}),
    people: (org, _args, ctx) => relatedEntities(ctx, org.id, 'WORKS_FOR', 'IN', 'Person'),
    peopleConnection: (org, _args, ctx) => relationshipPage(ctx, org.id, 'WORKS_FOR', 'IN', 'Person', {}),
    projectsFunded: (org, args, ctx, info) => projectsOf(ctx, org.id, 'FUNDED_BY', 'IN', args, info),
    projectsImplemented: (org, args, ctx, info) => projectsOf(ctx, org.id, 'IMPLEMENTED_BY', 'IN', args, info),
    projectsBenefiting: (org, args, ctx, info) => projectsOf(ctx, org.id, 'BENEFITS', 'IN', args, info),
    projectsPartnered: (org, args, ctx, info) => projectsOf(ctx, org.id, 'PARTNERED_WITH', 'IN', args, info),
  },
  OrganisationConnection: { ...connectionResolvers<OrganisationRecord>(), resolutions: (page: OrganisationPage) => page.resolutions ?? [] },
};
