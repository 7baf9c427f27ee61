import type { Resolvers } from '../../generated/graphql';
import { pageRequest } from '../cursors';
import type { ProjectPage, ProjectRecord } from '../../db/records';
import { resolveName, resolveProjectFilter } from './names';
import { parsePartialDate } from '../../domain/partialDate';
import { connectionResolvers, entityOfType, relatedEntities, relationshipPage, requireIdOrName } from './shared';

export const projectResolvers: Resolvers = {
  Query: {
    project: async (_root, args, ctx) => {
      requireIdOrName(args, 'project');
      if (args.id) return entityOfType(ctx, args.id, 'Project');
      const { entity } = await resolveName(ctx, args.name ?? '', 'Project', 'name');
      return entity.__typename === 'Project' ? entity : null;
    },
    projects: async (_root, args, ctx) => {
      const request = pageRequest(args.first, args.after);
      const { filter, resolutions } = await resolveProjectFilter(ctx, args.filter);
      return { ...(await ctx.repositories.lists.projects(filter, args.orderBy, request)), resolutions };
    },
    projectStats: async (_root, args, ctx) => {
      const { filter } = await resolveProjectFilter(ctx, args.filter);
      return ctx.repositories.lists.projectStats(filter, args.groupBy);
    },
  },
  Project: {
    sources: (project, _args, ctx) => ctx.loaders.evidence.load(project.id),
    fundedBy: (project, _args, ctx) => relatedEntities(ctx, project.id, 'FUNDED_BY', 'OUT', 'Organisation'),
    fundedByConnection: (project, args, ctx) => relationshipPage(ctx, project.id, 'FUNDED_BY', 'OUT', 'Organisation', args),
    implementedBy: (project, _args, ctx) => relatedEntities(ctx, project.id, 'IMPLEMENTED_BY', 'OUT', 'Organisation'),
    implementedByConnection: (project, args, ctx) => relationshipPage(ctx, project.id, 'IMPLEMENTED_BY', 'OUT', 'Organisation', args),
    beneficiaries: (project, _args, ctx) => relatedEntities(ctx, project.id, 'BENEFITS', 'OUT', 'Organisation'),
    beneficiariesConnection: (project, args, ctx) => relationshipPage(ctx, project.id, 'BENEFITS', 'OUT', 'Organisation', args),
    partners: (project, _args, ctx) => relatedEntities(ctx, project.id, 'PARTNERED_WITH', 'OUT', 'Organisation'),
    partnersConnection: (project, args, ctx) => relationshipPage(ctx, project.id, 'PARTNERED_WITH', 'OUT', 'Organisation', args),
    attendees: (project, _args, ctx) => relatedEntities(ctx, project.id, 'ATTENDED_BY', 'OUT', 'Organisation'),
    attendeesConnection: (project, args, ctx) => relationshipPage(ctx, project.id, 'ATTENDED_BY', 'OUT', 'Organisation', args),
    parties: (project, _args, ctx) => relatedEntities(ctx, project.id, 'JOINT_PROJECT_OF', 'OUT', 'Organisation'),
    partiesConnection: (project, args, ctx) => relationshipPage(ctx, project.id, 'JOINT_PROJECT_OF', 'OUT', 'Organisation', args),
    // The stated status's date, as precisely as the page gives it (a partial date, like start and end).
    statusAsOf: (project) => (project.statusAsOf ? (parsePartialDate(project.statusAsOf)?.first ?? null) : null),
    statusAsOfPrecision: (project) => (project.statusAsOf ? (parsePartialDate(project.statusAsOf)?.precision ?? null) : null),
    countries: (project, _args, ctx) => relatedEntities(ctx, project.id, 'IN_COUNTRY', 'OUT', 'Country'),
    countriesConnection: (project, args, ctx) => relationshipPage(ctx, project.id, 'IN_COUNTRY', 'OUT', 'Country', args),
    legalFrameworks: (project, _args, ctx) => relatedEntities(ctx, project.id, 'ALIGNED_WITH', 'OUT', 'LegalFramework'),
    legalFrameworksConnection: (project, args, ctx) => relationshipPage(ctx, project.id, 'ALIGNED_WITH', 'OUT', 'LegalFramework', args),
    people: (project, _args, ctx) => relatedEntities(ctx, project.id, 'MANAGES', 'IN', 'Person'),
    peopleConnection: (project, args, ctx) => relationshipPage(ctx, project.id, 'MANAGES', 'IN', 'Person', args),
  },
  ProjectConnection: { ...connectionResolvers<ProjectRecord>(), resolutions: (page: ProjectPage) => page.resolutions ?? [] },
};
