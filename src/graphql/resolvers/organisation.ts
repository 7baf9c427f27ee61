import type { Resolvers } from '../../generated/graphql';
import { pageRequest } from '../cursors';
import type { OrganisationPage, OrganisationRecord } from '../../db/records';
import { foldedEntity, foldedList } from './fold';
import { resolveName, resolveOrganisationFilter } from './names';
import { projectsOf } from './projectsOf';
import { connectionResolvers, relatedEntities, relatedEntity, relationshipPage, requireIdOrName } from './shared';

export const organisationResolvers: Resolvers = {
  Query: {
    organisation: async (_root, args, ctx, info) => {
      requireIdOrName(args, 'organisation');
      // One statement for the lookup and what its selection reads (fold.ts).
      if (args.id) return foldedEntity(ctx, info, args.id, 'Organisation');
      const { entity } = await resolveName(ctx, args.name ?? '', 'Organisation', 'name');
      return entity.__typename === 'Organisation' ? foldedEntity(ctx, info, entity.id, 'Organisation', entity) : null;
    },
    organisations: async (_root, args, ctx, info) => {
      const request = pageRequest(args.first, args.after);
      const { filter, resolutions } = await resolveOrganisationFilter(ctx, args.filter);
      const page = await foldedList(ctx, info, 'Organisation', (plan) => ctx.repositories.lists.organisationsFolded(filter, args.orderBy, request, false, plan));
      return { ...page, resolutions };
    },
    donors: async (_root, args, ctx, info) => {
      const request = pageRequest(args.first, args.after);
      const { filter, resolutions } = await resolveOrganisationFilter(ctx, args.filter);
      const page = await foldedList(ctx, info, 'Organisation', (plan) => ctx.repositories.lists.organisationsFolded(filter, args.orderBy, request, true, plan));
      return { ...page, resolutions };
    },
  },
  Organisation: {
    sources: (org, _args, ctx) => ctx.loaders.evidenceOf(org),
    parent: (org, _args, ctx) => relatedEntity(ctx, org, 'PART_OF', 'OUT', 'Organisation'),
    parentConnection: (org, _args, ctx) => relationshipPage(ctx, org, 'PART_OF', 'OUT', 'Organisation', {}),
    units: (org, _args, ctx) => relatedEntities(ctx, org, 'PART_OF', 'IN', 'Organisation'),
    unitsConnection: (org, _args, ctx) => relationshipPage(ctx, org, 'PART_OF', 'IN', 'Organisation', {}),
    country: (org, _args, ctx) => relatedEntity(ctx, org, 'IN_COUNTRY', 'OUT', 'Country'),
    countryConnection: (org, _args, ctx) => relationshipPage(ctx, org, 'IN_COUNTRY', 'OUT', 'Country', {}),
    successor: (org, _args, ctx) => relatedEntity(ctx, org, 'SUCCEEDED_BY', 'OUT', 'Organisation'),
    successorConnection: (org, _args, ctx) => relationshipPage(ctx, org, 'SUCCEEDED_BY', 'OUT', 'Organisation', {}),
    predecessor: (org, _args, ctx) => relatedEntity(ctx, org, 'SUCCEEDED_BY', 'IN', 'Organisation'),
    predecessorConnection: (org, _args, ctx) => relationshipPage(ctx, org, 'SUCCEEDED_BY', 'IN', 'Organisation', {}),
    coordinates: (org, _args, ctx) => relatedEntities(ctx, org, 'COORDINATES', 'OUT', 'Organisation'),
    coordinatesConnection: (org, _args, ctx) => relationshipPage(ctx, org, 'COORDINATES', 'OUT', 'Organisation', {}),
    coordinatedBy: (org, _args, ctx) => relatedEntities(ctx, org, 'COORDINATES', 'IN', 'Organisation'),
    coordinatedByConnection: (org, _args, ctx) => relationshipPage(ctx, org, 'COORDINATES', 'IN', 'Organisation', {}),
    people: (org, _args, ctx) => relatedEntities(ctx, org, 'WORKS_FOR', 'IN', 'Person'),
    peopleConnection: (org, _args, ctx) => relationshipPage(ctx, org, 'WORKS_FOR', 'IN', 'Person', {}),
    projectsFunded: (org, args, ctx, info) => projectsOf(ctx, org, 'FUNDED_BY', 'IN', args, info),
    projectsImplemented: (org, args, ctx, info) => projectsOf(ctx, org, 'IMPLEMENTED_BY', 'IN', args, info),
    projectsBenefiting: (org, args, ctx, info) => projectsOf(ctx, org, 'BENEFITS', 'IN', args, info),
    projectsPartnered: (org, args, ctx, info) => projectsOf(ctx, org, 'PARTNERED_WITH', 'IN', args, info),
  },
  OrganisationConnection: { ...connectionResolvers<OrganisationRecord>(), resolutions: (page: OrganisationPage) => page.resolutions ?? [] },
};
