import type { Resolvers } from '../../generated/graphql';
import type { PersonRoleRecord, RelatedRecord } from '../../db/records';
import { entityOfType } from './shared';

function roleTitle(related: RelatedRecord): string {
  const title = related.properties.title;
  return typeof title === 'string' && title ? title : 'Staff';
}

export const personResolvers: Resolvers = {
  Person: {
    sources: (person, _args, ctx) => ctx.loaders.evidenceOf(person),
    roles: async (person, _args, ctx) => {
      const [manages, worksFor] = await Promise.all([
        ctx.loaders.related('MANAGES', 'OUT').load(person.id),
        ctx.loaders.related('WORKS_FOR', 'OUT').load(person.id),
      ]);
      const roles: PersonRoleRecord[] = [
        ...manages.map((r) => ({ title: roleTitle(r), projectId: r.node.id, organisationId: null, evidence: r.evidence })),
        ...worksFor.map((r) => ({ title: roleTitle(r), projectId: null, organisationId: r.node.id, evidence: r.evidence })),
      ];
      return roles;
    },
  },
  PersonRole: {
    project: (role, _args, ctx) => (role.projectId ? entityOfType(ctx, role.projectId, 'Project') : null),
    organisation: (role, _args, ctx) => (role.organisationId ? entityOfType(ctx, role.organisationId, 'Organisation') : null),
  },
};
