import type { Resolvers } from '../generated/graphql';
import { pageRequest } from '../db/paging';
import type { ProjectRecord } from '../db/records';
import { connectionResolvers, entityOfType, relatedEntities, requireIdOrName } from './shared';

export const projectResolvers: Resolvers = {
  Query: {
    project: async (_root, args, ctx) => {
      requireIdOrName(args, 'project');
      if (args.id) return entityOfType(ctx, args.id, 'Project');
      const found = await ctx.repositories.entities.findByName('Project', args.name ?? '');
      return found?.__typename === 'Project' ? found : null;
    },
    projects: (_root, args, ctx) => ctx.repositories.lists.projects(args.filter, pageRequest(args.first, args.after)),
  },
  Project: {
    sources: (project, _args, ctx) => ctx.loaders.evidence.load(project.id),
    fundedBy: (project, _args, ctx) => relatedEntities(ctx, project.id, 'FUNDED_BY', 'OUT', 'Organisation'),
    implementedBy: (project, _args, ctx) => relatedEntities(ctx, project.id, 'IMPLEMENTED_BY', 'OUT', 'Organisation'),
    beneficiaries: (project, _args, ctx) => relatedEntities(ctx, project.id, 'BENEFITS', 'OUT', 'Organisation'),
    partners: (project, _args, ctx) => relatedEntities(ctx, project.id, 'PARTNERED_WITH', 'OUT', 'Organisation'),
    countries: (project, _args, ctx) => relatedEntities(ctx, project.id, 'IN_COUNTRY', 'OUT', 'Country'),
    legalFrameworks: (project, _args, ctx) => relatedEntities(ctx, project.id, 'ALIGNED_WITH', 'OUT', 'LegalFramework'),
    people: (project, _args, ctx) => relatedEntities(ctx, project.id, 'MANAGES', 'IN', 'Person'),
  },
  ProjectConnection: connectionResolvers<ProjectRecord>(),
};
