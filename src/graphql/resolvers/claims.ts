import { ServiceError } from '../../errors';
import type { RequestContext } from '../context';
import type { ClaimRecord, ConflictRecord } from '../../db/repositories/curationRepository';
import { linkKey, publicClaimId } from '../../db/repositories/curationRepository';
import type { EntityRecord } from '../../db/records';
import type { ClaimField, Resolvers } from '../../generated/graphql';
import { requireRole } from '../../security/access';
import { checkEvidence, refuseSensitive } from '../../security/curationPolicy';
import { badInput } from './shared';
import { canonicalJson, displayValue, LINK_FIELD, MULTI_VALUED_FIELDS, openConflicts, rankedClaims, type ElementClaims } from '../../domain/claims';
import { rangeProblem } from '../../domain/limits';
import { MAX_EXCERPT, MAX_TEXT, passageProblem, textProblem } from '../../domain/text';
import { decodeConflictCursor, encodeConflictCursor } from './claimCursor';

/**
 * Claims: what each origin says about a field (Project.claims(field:) and the other entity
 * types), the open conflicts for curators, and the two curator mutations that retract a claim
 * or settle a conflict. Thin: the repository reads and writes, src/domain/claims.ts ranks.
 */

/** The GraphQL field names and the claim fields they stand for (src/domain/claims.ts). */
const FIELD_OF: Readonly<Record<ClaimField, string>> = {
  NAME: 'name',
  ACRONYM: 'acronym',
  ALIASES: 'aliases',
  KIND: 'kind',
  DESCRIPTION: 'description',
  STATUS: 'status',
  PROJECT_TYPE: 'projectType',
  START_DATE: 'start',
  END_DATE: 'end',
  DURATION_MONTHS: 'durationMonths',
  BUDGET: 'budget',
  COVERAGE: 'coverage',
  PHASES: 'phasesJson',
  IDENTIFIERS: 'identifiers',
  RESULTS: 'resultsJson',
  ISO_CODE: 'isoCode',
  NOTE: 'note',
  JURISDICTION: 'jurisdiction',
  YEAR: 'year',
  LINK: LINK_FIELD,
};
const GRAPHQL_FIELD = new Map(Object.entries(FIELD_OF).map(([graphql, field]) => [field, graphql as ClaimField]));

/** The claims of one field: asserted ones by rank, then (for holders of a key) the deprecated ones. */
function fieldClaims(entityId: string, element: ElementClaims, field: string, withDeprecated: boolean): ClaimRecord[] {
  const ranked = rankedClaims(element, field);
  const multi = MULTI_VALUED_FIELDS.has(field);
  const asserted = ranked.map((claim, i) => ({ entityId, claim, preferred: multi || i === 0 }));
  const deprecated = withDeprecated ? element.claims.filter((c) => c.field === field && c.status === 'deprecated').map((claim) => ({ entityId, claim, preferred: false })) : [];
  return [...asserted, ...deprecated];
}

async function claimsField(ctx: RequestContext, entityId: string, field: ClaimField): Promise<ClaimRecord[]> {
  const [found] = await ctx.repositories.curation.claimsOf([entityId]);
  if (!found) return [];
  return fieldClaims(entityId, found.claims, FIELD_OF[field], ctx.viewer.kind !== 'anonymous');
}

function checkEvidenceText(evidence: { document: string; excerpt: string }): void {
  const documentProblem = textProblem('evidence.document', evidence.document, MAX_TEXT);
  if (documentProblem) throw badInput(documentProblem);
  const excerptProblem = passageProblem('evidence.excerpt', evidence.excerpt, MAX_EXCERPT);
  if (excerptProblem) throw badInput(excerptProblem);
}

/** The entity of an id (following a merge's redirect), or NOT_FOUND naming the argument. */
async function entityOf(ctx: RequestContext, id: string, argument: string): Promise<EntityRecord> {
  const entity = await ctx.loaders.entity.load(id);
  if (!entity) throw new ServiceError('NOT_FOUND', `No entity has the id "${id}" (${argument}).`);
  return entity;
}

const claimsOfEntity = { claims: (parent: { id: string }, args: { field: ClaimField }, ctx: RequestContext) => claimsField(ctx, parent.id, args.field) };

export const claimResolvers: Resolvers = {
  Project: claimsOfEntity,
  Organisation: claimsOfEntity,
  Country: claimsOfEntity,
  LegalFramework: claimsOfEntity,
  Person: claimsOfEntity,
  Claim: {
    id: (record) => publicClaimId(record.entityId, record.claim.id),
    field: (record) => GRAPHQL_FIELD.get(record.claim.field) ?? 'NAME',
    value: (record) => displayValue(record.claim.value),
    valueJson: (record) => canonicalJson(record.claim.value),
    preferred: (record) => record.preferred,
    deprecated: (record) => record.claim.status === 'deprecated',
    origin: (record) =>
      record.claim.origin.kind === 'dataset'
        ? { kind: 'DATASET', file: record.claim.origin.file, entry: record.claim.origin.entry, published: record.claim.origin.published, event: null, actor: null, at: null }
        : { kind: 'CURATION', file: null, entry: null, published: null, event: record.claim.origin.event, actor: record.claim.origin.actor, at: record.claim.origin.at },
    sources: (record) => record.claim.sources.map((s) => ({ document: s.document, excerpt: s.excerpt })),
  },
  RelationshipClaims: {
    from: (record, _args, ctx) => entityOf(ctx, record.from, 'from'),
    to: (record, _args, ctx) => entityOf(ctx, record.to, 'to'),
    type: (record) => record.type,
    present: (record) => record.present,
    claims: (record, _args, ctx) => fieldClaims(linkKey(record.from, record.type, record.to), record.claims, LINK_FIELD, ctx.viewer.kind !== 'anonymous'),
  },
  ConflictedRelationship: {
    type: (record) => record.type,
    to: (record, _args, ctx) => entityOf(ctx, record.to, 'to'),
  },
  Conflict: {
    relationship: (record) => record.relationship ?? null,
    entity: async (record, _args, ctx) => {
      const entity = await ctx.loaders.entity.load(record.entityId);
      if (!entity) throw new Error(`The conflicted entity ${record.entityId} disappeared.`);
      return entity;
    },
    field: (record) => GRAPHQL_FIELD.get(record.field) ?? 'NAME',
    alternatives: (record) => record.alternatives,
  },
  Query: {
    relationshipClaims: async (_root, args, ctx) => {
      for (const [argument, id] of [['from', args.from], ['to', args.to]] as const) {
        const problem = textProblem(argument, id, MAX_TEXT);
        if (problem) throw badInput(problem);
      }
      // Ids of merged-away entities follow their redirect (and the answer says so), as node(id:) does.
      const [from, to] = await Promise.all([entityOf(ctx, args.from, 'from'), entityOf(ctx, args.to, 'to')]);
      return ctx.repositories.curation.claimsOfLink(args.type, from.id, to.id);
    },
    conflicts: async (_root, args, ctx) => {
      requireRole(ctx.viewer, 'curator');
      const first = args.first ?? 20;
      const problem = rangeProblem('first', first, 1, 100);
      if (problem) throw badInput(problem);
      const after = args.after ? decodeConflictCursor(args.after) : '';
      const entities = await ctx.repositories.curation.conflicted(after, first + 1);
      const page = entities.slice(0, first);
      const nodes: ConflictRecord[] = page.flatMap((entity) => [
        ...openConflicts(entity.claims).map((conflict) => ({
          entityId: entity.id,
          field: conflict.field,
          alternatives: conflict.alternatives.map((claim) => ({ entityId: entity.id, claim, preferred: claim.id === conflict.preferred.id })),
        })),
        ...(entity.links ?? []).flatMap((link) =>
          openConflicts(link.claims).map((conflict) => {
            const key = linkKey(entity.id, link.type, link.to);
            return {
              entityId: entity.id,
              relationship: { type: link.type, to: link.to },
              field: conflict.field,
              alternatives: conflict.alternatives.map((claim) => ({ entityId: key, claim, preferred: claim.id === conflict.preferred.id })),
            };
          }),
        ),
      ]);
      const last = page[page.length - 1];
      return { nodes, pageInfo: { hasNextPage: entities.length > first, endCursor: last ? encodeConflictCursor(last.id) : null } };
    },
  },
  Mutation: {
    retractClaim: async (_root, { claimId, evidence }, ctx) => {
      const actor = requireRole(ctx.viewer, 'curator');
      refuseSensitive(ctx.curationPolicy, [['claimId', claimId], ['evidence', evidence]]);
      checkEvidenceText(evidence);
      const cited = checkEvidence(ctx.curationPolicy, evidence, await ctx.loaders.document.load(evidence.document));
      return ctx.repositories.curation.retractClaim(actor, claimId, cited);
    },
    resolveConflict: async (_root, { claimId, evidence }, ctx) => {
      const actor = requireRole(ctx.viewer, 'curator');
      refuseSensitive(ctx.curationPolicy, [['claimId', claimId], ['evidence', evidence]]);
      checkEvidenceText(evidence);
      const cited = checkEvidence(ctx.curationPolicy, evidence, await ctx.loaders.document.load(evidence.document));
      return ctx.repositories.curation.resolveConflict(actor, claimId, cited);
    },
  },
};
