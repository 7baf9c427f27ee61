import type { RequestContext } from '../context';
import type { LinkProperties } from '../../db/repositories/curationRepository';
import type { Resolvers } from '../../generated/graphql';
import { requireRole } from '../../security/access';
import { checkEvidence, refuseSensitive, type EvidenceInput, type LocatedEvidence, type NamedValue } from '../../security/curationPolicy';
import { badInput } from './shared';
import { DEFAULT_IMPLEMENTER_ROLE, RELATIONSHIP_RULES, type RelationshipType } from '../../domain/relationships';
import { ID_PATTERNS, LABEL_OF_ENTITY_TYPE, countryId, type EntityAttributes } from '../../domain/entities';
import { DEFAULT_HISTORY, MAX_HISTORY, rangeProblem } from '../../domain/limits';
import { MAX_EXCERPT, MAX_TEXT, passageProblem, textProblem } from '../../domain/text';

/**
 * Curation: thin resolvers that check who asks (access.ts), refuse sensitive names and
 * unsupported evidence (curationPolicy.ts), check the input's shape, and hand the change to
 * the curation repository, which makes it and records it in one transaction.
 */

function checkText(field: string, value: string | null | undefined, max = MAX_TEXT): void {
  const problem = textProblem(field, value, max);
  if (problem) throw badInput(problem);
}

/** Deny-list first, so that no later message can echo a sensitive name; then the evidence. */
async function checkWrite(ctx: RequestContext, values: readonly NamedValue[], evidence: EvidenceInput): Promise<LocatedEvidence> {
  refuseSensitive(ctx.curationPolicy, [...values, ['evidence', evidence]]);
  checkText('evidence.document', evidence.document);
  const excerptProblem = passageProblem('evidence.excerpt', evidence.excerpt, MAX_EXCERPT);
  if (excerptProblem) throw badInput(excerptProblem);
  return checkEvidence(ctx.curationPolicy, evidence, await ctx.loaders.document.load(evidence.document));
}

/** Checks a relationship's own properties against what its kind carries (src/domain/relationships.ts). */
function linkProperties(type: RelationshipType, input: { role?: string | null; title?: string | null; date?: string | null }): LinkProperties {
  const rule = RELATIONSHIP_RULES[type];
  const role = input.role ?? undefined;
  const title = input.title ?? undefined;
  const date = input.date ?? undefined;
  checkText('role', role);
  checkText('title', title);
  if (role !== undefined && rule.role === 'none') throw badInput(`A ${type} relationship has no role.`);
  if (role !== undefined && Array.isArray(rule.role) && !rule.role.includes(role)) throw badInput(`The role on ${type} must be ${rule.role.join(' or ')}; got "${role}".`);
  if (rule.title === 'required' && title === undefined) throw badInput(`A ${type} relationship needs the person's title.`);
  if (rule.title === 'none' && title !== undefined) throw badInput(`A ${type} relationship has no title.`);
  if (date !== undefined && !rule.date) throw badInput(`A ${type} relationship has no date.`);
  // The dataset's default: an implementer named without a role leads (data/README.md).
  return { role: type === 'IMPLEMENTED_BY' ? (role ?? DEFAULT_IMPLEMENTER_ROLE) : role, title, date };
}

export const curationResolvers: Resolvers = {
  Query: {
    history: async (_root, args, ctx) => {
      requireRole(ctx.viewer, 'curator');
      const first = args.first ?? DEFAULT_HISTORY;
      const problem = rangeProblem('first', first, 1, MAX_HISTORY);
      if (problem) throw badInput(problem);
      return ctx.repositories.curation.history(args.id, first);
    },
  },
  Mutation: {
    createEntity: async (_root, { input }, ctx) => {
      const actor = requireRole(ctx.viewer, 'curator');
      const { evidence, type, id, ...given } = input;
      const cited = await checkWrite(ctx, [['input.id', id], ...Object.entries(given).map(([k, v]): NamedValue => [`input.${k}`, v])], evidence);
      const label = LABEL_OF_ENTITY_TYPE[type];
      const idRule = ID_PATTERNS[label];
      if (!idRule.pattern.test(id)) throw badInput(`The id of a ${label} must be ${idRule.description}; got "${id}".`);
      const attributes: EntityAttributes = {
        name: given.name,
        acronym: given.acronym,
        aliases: given.aliases,
        kind: given.kind,
        description: given.description,
        status: given.status,
        isoCode: given.isoCode ?? undefined,
        jurisdiction: given.jurisdiction,
        year: given.year,
      };
      if (label === 'Country' && (!attributes.isoCode || id !== countryId(attributes.isoCode))) throw badInput('A country needs its isoCode, and its id is country:<isoCode>.');
      return ctx.repositories.curation.createEntity(actor, label, id, attributes, cited);
    },
    updateEntity: async (_root, { id, input, evidence }, ctx) => {
      const actor = requireRole(ctx.viewer, 'curator');
      const cited = await checkWrite(ctx, [['id', id], ...Object.entries(input).map(([k, v]): NamedValue => [`input.${k}`, v])], evidence);
      if (input.name === null) throw badInput('"name" cannot be cleared.');
      // Which attributes apply depends on the stored entity's type: the repository checks them.
      const changes: EntityAttributes = { ...input, name: input.name ?? undefined };
      return ctx.repositories.curation.updateEntity(actor, id, changes, cited);
    },
    link: async (_root, { input }, ctx) => {
      const actor = requireRole(ctx.viewer, 'curator');
      const { evidence, ...rest } = input;
      const cited = await checkWrite(ctx, Object.entries(rest).map(([k, v]): NamedValue => [`input.${k}`, v]), evidence);
      const properties = linkProperties(input.type, input);
      return ctx.repositories.curation.link(actor, input.type, input.from, input.to, properties, cited);
    },
    unlink: async (_root, { input }, ctx) => {
      const actor = requireRole(ctx.viewer, 'curator');
      const { evidence, ...rest } = input;
      const cited = await checkWrite(ctx, Object.entries(rest).map(([k, v]): NamedValue => [`input.${k}`, v]), evidence);
      return ctx.repositories.curation.unlink(actor, input.type, input.from, input.to, cited);
    },
    mergeEntities: async (_root, { keep, remove, evidence }, ctx) => {
      const actor = requireRole(ctx.viewer, 'admin');
      const cited = await checkWrite(ctx, [['keep', keep], ['remove', remove]], evidence);
      return ctx.repositories.curation.mergeEntities(actor, keep, remove, cited);
    },
  },
};
