import path from 'node:path';
import { stringify } from 'yaml';
import { z } from 'zod';
import { DatasetError, type DatasetIssue } from './datasetErrors';
import { datasetFiles, readSections } from './readDataset';
import { ENTITY_LABELS } from '../domain/entities';
import { RELATIONSHIP_TYPES } from '../domain/relationships';
import { makeClaim, type Claim, type ClaimValue, type ElementClaims, type Retraction } from '../domain/claims';
import type { CuratedOverlay } from '../db/repositories/curationRepository';

/**
 * The curation overlay (data/curated/*.yaml, format in data/README.md): every curated claim,
 * retraction, redirect and audit event, in a form a person reviews, written by
 * `npm run curation:export` and read by a load after the sources. Claims keep their curation
 * origin (event, actor, time), so a fresh database loaded with the seed and the overlay holds
 * the same claims, and so prefers the same values.
 */

const text = z.string().min(1, 'must not be empty');
const value: z.ZodType<ClaimValue> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(value), z.record(value)]));
// Where the excerpt sits, when the curation located it (issue 17).
const source = z.object({ document: text, excerpt: text, under: text.optional(), offset: z.number().int().nonnegative().optional() }).strict();
const origin = z.object({ event: text, actor: text, at: z.string().datetime({ message: 'must be an ISO 8601 time' }) }).strict();
const claim = z.object({ field: text, value, origin, sources: z.array(source).min(1, 'needs at least one piece of evidence'), resolves: z.array(text).optional() }).strict();
const retraction = z
  .object({ field: text, value: value.optional(), any: z.boolean().optional(), event: text, actor: text, at: z.string().datetime({ message: 'must be an ISO 8601 time' }), sources: z.array(source).min(1, 'needs at least one piece of evidence') })
  .strict();
const entity = z.object({ id: text, label: z.enum(ENTITY_LABELS), claims: z.array(claim).default([]), retractions: z.array(retraction).default([]) }).strict();
const link = z.object({ from: text, type: z.enum(RELATIONSHIP_TYPES), to: text, claims: z.array(claim).default([]), retractions: z.array(retraction).default([]) }).strict();
const redirect = z.object({ id: text, to: text, event: text.optional() }).strict();
const event = z
  .object({
    id: text,
    at: z.string().datetime({ message: 'must be an ISO 8601 time' }),
    actor: text,
    role: text,
    action: text,
    entityId: text,
    relatedIds: z.array(text).default([]),
    before: z.string().nullable().default(null),
    after: z.string().nullable().default(null),
    evidence: source,
  })
  .strict();

const SECTIONS = { redirects: redirect, entities: entity, links: link, events: event } as const;
type OverlaySection = keyof typeof SECTIONS;

type ClaimEntry = z.infer<typeof claim>;
type RetractionEntry = z.infer<typeof retraction>;

function toClaim(entry: ClaimEntry): Claim {
  return makeClaim(entry.field, entry.value, { kind: 'curation', event: entry.origin.event, actor: entry.origin.actor, at: entry.origin.at }, entry.sources, entry.resolves);
}

function toRetraction(entry: RetractionEntry): Retraction {
  return { field: entry.field, value: entry.value ?? null, any: entry.any ?? false, event: entry.event, actor: entry.actor, at: entry.at, sources: entry.sources };
}

function toElement(entry: { claims: ClaimEntry[]; retractions: RetractionEntry[] }): ElementClaims {
  return { claims: entry.claims.map(toClaim), retractions: entry.retractions.map(toRetraction) };
}

/** Reads and validates an overlay folder (or file); every problem is named by file, entry and field before anything is written. */
export function readOverlay(target: string): CuratedOverlay {
  const overlay: CuratedOverlay = { redirects: [], entities: [], links: [], events: [] };
  const issues: DatasetIssue[] = [];
  for (const file of datasetFiles(target)) {
    const display = path.relative(process.cwd(), file) || file;
    readSections<OverlaySection>(file, display, SECTIONS, issues, (name, _index, data) => {
      if (name === 'redirects') overlay.redirects.push(data as z.infer<typeof redirect>);
      else if (name === 'entities') {
        const e = data as z.infer<typeof entity>;
        overlay.entities.push({ id: e.id, label: e.label, claims: toElement(e) });
      } else if (name === 'links') {
        const l = data as z.infer<typeof link>;
        overlay.links.push({ from: l.from, type: l.type, to: l.to, claims: toElement(l) });
      } else overlay.events.push(data as z.infer<typeof event>);
    });
  }
  if (issues.length > 0) throw new DatasetError(issues);
  return overlay;
}

function claimEntry(c: Claim): Record<string, unknown> {
  if (c.origin.kind !== 'curation') throw new Error('Only curation claims belong in the overlay.');
  return { field: c.field, value: c.value, origin: { event: c.origin.event, actor: c.origin.actor, at: c.origin.at }, sources: c.sources, ...(c.resolves ? { resolves: c.resolves } : {}) };
}

function retractionEntry(r: Retraction): Record<string, unknown> {
  return { field: r.field, ...(r.any ? { any: true } : { value: r.value }), event: r.event, actor: r.actor, at: r.at, sources: r.sources };
}

function curatedPart(element: ElementClaims): { claims: Array<Record<string, unknown>>; retractions: Array<Record<string, unknown>> } {
  return { claims: element.claims.filter((c) => c.origin.kind === 'curation').map(claimEntry), retractions: element.retractions.map(retractionEntry) };
}

/** The overlay as YAML files by name: entities, links, redirects and the audit events, each in a stable order so that a diff shows what changed. */
export function formatOverlay(overlay: CuratedOverlay): Record<string, string> {
  const header = (what: string) => `# ${what}, written by \`npm run curation:export\` (format: data/README.md, "The curation overlay").\n# Loaded after the sources; edit through the API, then export again.\n`;
  const entities = overlay.entities.map((e) => ({ id: e.id, label: e.label, ...curatedPart(e.claims) })).filter((e) => e.claims.length > 0 || e.retractions.length > 0);
  const links = overlay.links.map((l) => ({ from: l.from, type: l.type, to: l.to, ...curatedPart(l.claims) })).filter((l) => l.claims.length > 0 || l.retractions.length > 0);
  return {
    'redirects.yaml': header('Merged entities: each id redirects to the entity kept') + stringify({ redirects: overlay.redirects.map((r) => ({ id: r.id, to: r.to, ...(r.event ? { event: r.event } : {}) })) }),
    'entities.yaml': header("Curators' claims and retractions on entities") + stringify({ entities }),
    'links.yaml': header("Curators' claims and retractions on relationships") + stringify({ links }),
    'events.yaml': header('The audit trail of the curation') + stringify({ events: overlay.events }),
  };
}
