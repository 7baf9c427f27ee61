import type { RequestContext } from '../context';
import type { EntityAttributes, LinkProperties } from '../../db/repositories/curationRepository';
import type { EntityLabel } from '../../db/records';
import type { RelationshipType } from '../../db/relationships';
import type { EntityType, Resolvers } from '../../generated/graphql';
import { requireRole } from '../../security/access';
import { checkEvidence, refuseSensitive, type EvidenceInput, type NamedValue } from '../../security/curationPolicy';
import { badInput } from './shared';

/**
 * Curation: thin resolvers that check who asks (access.ts), refuse sensitive names and
 * unsupported evidence (curationPolicy.ts), check the input's shape, and hand the change to
 * the curation repository, which makes it and records it in one transaction.
 */

const LABELS: Readonly<Record<EntityType, EntityLabel>> = {
  ORGANISATION: 'Organisation',
  PROJECT: 'Project',
  COUNTRY: 'Country',
  LEGAL_FRAMEWORK: 'LegalFramework',
  PERSON: 'Person',
};

// The id patterns of the dataset format (src/ingest/datasetSchema.ts, data/README.md).
const ID_PATTERNS: Readonly<Record<EntityLabel, RegExp>> = {
  Organisation: /^org:[a-z0-9][a-z0-9-]*$/,
  Project: /^project:[a-z0-9][a-z0-9-]*$/,
  Country: /^country:[A-Z]{2}$/,
  LegalFramework: /^lf:[a-z0-9][a-z0-9-]*$/,
  Person: /^person:[a-z0-9][a-z0-9-]*$/,
};

/** Generous bounds on what one write may carry; the body limit (100 kB) bounds the whole. */
const MAX_TEXT = 500;
const MAX_EXCERPT = 5_000;
const DEFAULT_HISTORY = 100;
const MAX_HISTORY = 500;

function checkText(field: string, value: string | null | undefined, max = MAX_TEXT): void {
  if (value === null || value === undefined) return;
  if (value.trim() === '') throw badInput(`"${field}" must not be empty.`);
  if (value.length > max) throw badInput(`"${field}" may be at most ${max} characters.`);
}

/** Deny-list first, so that no later message can echo a sensitive name; then the evidence. */
async function checkWrite(ctx: RequestContext, values: readonly NamedValue[], evidence: EvidenceInput): Promise<void> {
  refuseSensitive(ctx.curationPolicy, [...values, ['evidence', evidence]]);
  checkText('evidence.document', evidence.document);
  checkText('evidence.excerpt', evidence.excerpt, MAX_EXCERPT);
  checkEvidence(ctx.curationPolicy, evidence, await ctx.loaders.document.load(evidence.document));
}

function linkProperties(type: RelationshipType, input: { role?: string | null; title?: string | null; date?: string | null }): LinkProperties {
  const role = input.role ?? undefined;
  const title = input.title ?? undefined;
  const date = input.date ?? undefined;
  checkText('role', role);
  checkText('title', title);
  if (role !== undefined && !['IMPLEMENTED_BY', 'BENEFITS', 'PARTNERED_WITH'].includes(type)) throw badInput(`A ${type} relationship has no role.`);
  if (type === 'IMPLEMENTED_BY' && role !== undefined && role !== 'LEAD' && role !== 'PARTNER') throw badInput('The role of an implementer is LEAD or PARTNER.');
  const titled = type === 'MANAGES' || type === 'WORKS_FOR';
  if (titled && title === undefined) throw badInput(`A ${type} relationship needs the person's title.`);
  if (!titled && title !== undefined) throw badInput(`A ${type} relationship has no title.`);
  if (date !== undefined && type !== 'SUCCEEDED_BY') throw badInput(`A ${type} relationship has no date.`);
  // The dataset's default: an implementer named without a role leads (datasetSchema.ts).
  return { role: type === 'IMPLEMENTED_BY' ? (role ?? 'LEAD') : role, title, date };
}

export const curationResolvers: Resolvers = {
  Query: {
    history: async (_root, args, ctx) => {
      requireRole(ctx.viewer, 'curator');
      const first = args.first ?? DEFAULT_HISTORY;
      if (!Number.isInteger(first) || first < 1 || first > MAX_HISTORY) throw badInput(`"first" must be between 1 and ${MAX_HISTORY}.`);
      return ctx.repositories.curation.history(args.id, first);
    },
  },
  Mutation: {
    createEntity: async (_root, { input }, ctx) => {
      const actor = requireRole(ctx.viewer, 'curator');
      const { evidence, type, id, ...given } = input;
      await checkWrite(ctx, [['input.id', id], ...Object.entries(given).map(([k, v]): NamedValue => [`input.${k}`, v])], evidence);
      const label = LABELS[type];
      if (!ID_PATTERNS[label].test(id)) throw badInput(`The id of a ${label} must match ${ID_PATTERNS[label].source}.`);
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
      if (label === 'Country' && (!attributes.isoCode || id !== `country:${attributes.isoCode}`)) throw badInput('A country needs its isoCode, and its id is country:<isoCode>.');
      return ctx.repositories.curation.createEntity(actor, label, id, attributes, evidence);
    },
    updateEntity: async (_root, { id, input, evidence }, ctx) => {
      const actor = requireRole(ctx.viewer, 'curator');
      await checkWrite(ctx, [['id', id], ...Object.entries(input).map(([k, v]): NamedValue => [`input.${k}`, v])], evidence);
      if (input.name === null) throw badInput('"name" cannot be cleared.');
      // Which attributes apply depends on the stored entity's type: the repository checks them.
      const changes: EntityAttributes = { ...input, name: input.name ?? undefined };
      return ctx.repositories.curation.updateEntity(actor, id, changes, evidence);
    },
    link: async (_root, { input }, ctx) => {
      const actor = requireRole(ctx.viewer, 'curator');
      const { evidence, ...rest } = input;
      await checkWrite(ctx, Object.entries(rest).map(([k, v]): NamedValue => [`input.${k}`, v]), evidence);
      const properties = linkProperties(input.type, input);
      return ctx.repositories.curation.link(actor, input.type, input.from, input.to, properties, evidence);
    },
    unlink: async (_root, { input }, ctx) => {
      const actor = requireRole(ctx.viewer, 'curator');
      const { evidence, ...rest } = input;
      await checkWrite(ctx, Object.entries(rest).map(([k, v]): NamedValue => [`input.${k}`, v]), evidence);
      return ctx.repositories.curation.unlink(actor, input.type, input.from, input.to, evidence);
    },
    mergeEntities: async (_root, { keep, remove, evidence }, ctx) => {
      const actor = requireRole(ctx.viewer, 'admin');
      await checkWrite(ctx, [['keep', keep], ['remove', remove]], evidence);
      return ctx.repositories.curation.mergeEntities(actor, keep, remove, evidence);
    },
  },
};
