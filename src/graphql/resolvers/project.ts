import type { Resolvers } from '../../generated/graphql';
import { pageRequest } from '../cursors';
import type { ProjectRecord } from '../../db/records';
import { connectionResolvers, entityOfType, relatedEntities, relationshipPage, requireIdOrName } from './shared';

export const projectResolvers: Resolvers = {
  Query: {
    project: async (_root, args, ctx) => {
      requireIdOrName(args, 'project');
      if (args.id) return entityOfType(ctx, args.id, 'Project');
      const found = await ctx.repositories.entities.findByName('Project', args.name ?? '');
      return found?.__typename === 'Project' ? found : null;
    },
    projects: (_root, args, ctx) => ctx.repositories.lists.projects(args.filter, args.orderBy, pageRequest(args.first, args.after)),
    projectStats: (_root, args, ctx) => ctx.repositories.lists.projectStats(args.filter, args.groupBy),
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
    countries: (project, _args, ctx) => relatedEntities(ctx, project.id, 'IN_COUNTRY', 'OUT', 'Country'),
    countriesConnection: (project, args, ctx) => relationshipPage(ctx, project.id, 'IN_COUNTRY', 'OUT', 'Country', args),
    legalFrameworks: (project, _args, ctx) => relatedEntities(ctx, project.id, 'ALIGNED_WITH', 'OUT', 'LegalFramework'),
    legalFrameworksConnection: (project, args, ctx) => relationshipPage(ctx, project.id, 'ALIGNED_WITH', 'OUT', 'LegalFramework', args),
    people: (project, _args, ctx) => relatedEntities(ctx, project.id, 'MANAGES', 'IN', 'Person'),
    peopleConnection: (project, args, ctx) => relationshipPage(ctx, project.id, 'MANAGES', 'IN', 'Person', args),
  },
  ProjectConnection: connectionResolvers<ProjectRecord>(),
};
