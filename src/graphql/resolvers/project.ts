import type { Resolvers } from '../../generated/graphql';
import { pageRequest } from '../cursors';
import type { ProjectPage, ProjectRecord } from '../../db/records';
import { foldedEntity, foldedList, selectedProperties } from './fold';
import { resolveName, resolveProjectFilter } from './names';
import { parsePartialDate } from '../../domain/partialDate';
import { connectionResolvers, relatedEntities, relationshipPage, requireIdOrName } from './shared';

export const projectResolvers: Resolvers = {
  Query: {
    project: async (_root, args, ctx, info) => {
      requireIdOrName(args, 'project');
      // One statement for the lookup and what its selection reads (fold.ts).
      if (args.id) return foldedEntity(ctx, info, args.id, 'Project');
      const { entity } = await resolveName(ctx, args.name ?? '', 'Project', 'name');
      return entity.__typename === 'Project' ? foldedEntity(ctx, info, entity.id, 'Project', entity) : null;
    },
    projects: async (_root, args, ctx, info) => {
      const request = pageRequest(args.first, args.after);
      const { filter, resolutions } = await resolveProjectFilter(ctx, args.filter);
      const page = await foldedList(ctx, info, 'Project', (plan) => ctx.repositories.lists.projectsFolded(filter, args.orderBy, request, plan));
      return { ...page, resolutions };
    },
    projectStats: async (_root, args, ctx, info) => {
      const { filter } = await resolveProjectFilter(ctx, args.filter);
      return ctx.repositories.lists.projectStats(filter, args.groupBy, selectedProperties(info, ['entity']));
    },
  },
  Project: {
    sources: (project, _args, ctx) => ctx.loaders.evidenceOf(project),
    fundedBy: (project, _args, ctx) => relatedEntities(ctx, project, 'FUNDED_BY', 'OUT', 'Organisation'),
    fundedByConnection: (project, args, ctx) => relationshipPage(ctx, project, 'FUNDED_BY', 'OUT', 'Organisation', args),
    implementedBy: (project, _args, ctx) => relatedEntities(ctx, project, 'IMPLEMENTED_BY', 'OUT', 'Organisation'),
    implementedByConnection: (project, args, ctx) => relationshipPage(ctx, project, 'IMPLEMENTED_BY', 'OUT', 'Organisation', args),
    beneficiaries: (project, _args, ctx) => relatedEntities(ctx, project, 'BENEFITS', 'OUT', 'Organisation'),
    beneficiariesConnection: (project, args, ctx) => relationshipPage(ctx, project, 'BENEFITS', 'OUT', 'Organisation', args),
    partners: (project, _args, ctx) => relatedEntities(ctx, project, 'PARTNERED_WITH', 'OUT', 'Organisation'),
    partnersConnection: (project, args, ctx) => relationshipPage(ctx, project, 'PARTNERED_WITH', 'OUT', 'Organisation', args),
    attendees: (project, _args, ctx) => relatedEntities(ctx, project, 'ATTENDED_BY', 'OUT', 'Organisation'),
    attendeesConnection: (project, args, ctx) => relationshipPage(ctx, project, 'ATTENDED_BY', 'OUT', 'Organisation', args),
    parties: (project, _args, ctx) => relatedEntities(ctx, project, 'JOINT_PROJECT_OF', 'OUT', 'Organisation'),
    partiesConnection: (project, args, ctx) => relationshipPage(ctx, project, 'JOINT_PROJECT_OF', 'OUT', 'Organisation', args),
    // The stated status's date, as precisely as the page gives it (a partial date, like start and end).
    statusAsOf: (project) => (project.statusAsOf ? (parsePartialDate(project.statusAsOf)?.first ?? null) : null),
    statusAsOfPrecision: (project) => (project.statusAsOf ? (parsePartialDate(project.statusAsOf)?.precision ?? null) : null),
    countries: (project, _args, ctx) => relatedEntities(ctx, project, 'IN_COUNTRY', 'OUT', 'Country'),
    countriesConnection: (project, args, ctx) => relationshipPage(ctx, project, 'IN_COUNTRY', 'OUT', 'Country', args),
    legalFrameworks: (project, _args, ctx) => relatedEntities(ctx, project, 'ALIGNED_WITH', 'OUT', 'LegalFramework'),
    legalFrameworksConnection: (project, args, ctx) => relationshipPage(ctx, project, 'ALIGNED_WITH', 'OUT', 'LegalFramework', args),
    people: (project, _args, ctx) => relatedEntities(ctx, project, 'MANAGES', 'IN', 'Person'),
    peopleConnection: (project, args, ctx) => relationshipPage(ctx, project, 'MANAGES', 'IN', 'Person', args),
  },
  ProjectConnection: { ...connectionResolvers<ProjectRecord>(), resolutions: (page: ProjectPage) => page.resolutions ?? [] },
};
