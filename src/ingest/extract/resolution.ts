import type { EntityLabel, ProjectStatus } from '../../domain/entities';
import { decide, scoreCandidate, type MatchCandidateNames, type MatchDecision } from '../../domain/matching';
import { parsePartialDate } from '../../domain/partialDate';
import type { PlannedNode, PlannedRelationship } from '../../db/graphPlan';
import { planDataset } from '../plan';
import { readDataset } from '../readDataset';

/**
 * How the extractor resolves the names a page writes: through the one resolver of the names
 * issue (domain/matching.ts scoring candidates), against the graph (graphResolver.ts, what the
 * CLI uses) or against dataset files (DatasetResolver, offline). The outcome of a name:
 *
 * - linked: an exact rule (id, name, acronym, alias, code, state, qualified name) picked one
 *   entity; the link is written;
 * - near: only a fuzzy match (a typo, another word order); proposed with its score for a
 *   person to confirm, never linked;
 * - ambiguous: several entities fit equally; listed with their scores;
 * - unknown: nothing fits; listed, with the closest candidates if any. Never created.
 */

export interface Suggestion {
  id: string;
  score: number;
}

export type NameMatch =
  /** `country`: the ISO code of the country the entity belongs to, where the graph says. */
  | { kind: 'linked'; id: string; score: number; country?: string }
  | { kind: 'near'; suggestions: Suggestion[] }
  | { kind: 'ambiguous'; suggestions: Suggestion[] }
  | { kind: 'unknown'; suggestions: Suggestion[] };

/** What the graph (or the dataset) already says of a project, to compare a page with. */
export interface KnownProject {
  id: string;
  name: string;
  acronym?: string;
  start?: string;
  end?: string;
  durationMonths?: number;
  status?: ProjectStatus;
  budget?: { amount: number; currency: string };
  identifiers: Array<{ scheme: string; value: string }>;
}

export interface ExtractionResolver {
  resolve(name: string, label: EntityLabel): Promise<NameMatch>;
  /** The projects that carry an identifier with this value. */
  projectsWithIdentifier(value: string): Promise<string[]>;
  project(id: string): Promise<KnownProject | null>;
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

/** The extractor's reading of the resolver's decision: only exact rules link. */
export function matchOf(decision: MatchDecision): NameMatch {
  switch (decision.kind) {
    case 'RESOLVED':
      return decision.best.rule === 'FUZZY'
        ? { kind: 'near', suggestions: [{ id: decision.best.id, score: round(decision.best.score) }] }
        : { kind: 'linked', id: decision.best.id, score: round(decision.best.score) };
    case 'AMBIGUOUS':
      return { kind: 'ambiguous', suggestions: decision.candidates.map((c) => ({ id: c.id, score: round(c.score) })) };
    case 'NOT_FOUND':
      return { kind: 'unknown', suggestions: decision.suggestions.map((c) => ({ id: c.id, score: round(c.score) })) };
  }
}

/** A partial date as the graph stores it (first or last day and a precision), back at its precision. */
export function partialDateText(date: string | null | undefined, precision: string | null | undefined): string | undefined {
  if (!date) return undefined;
  if (precision === 'YEAR') return date.slice(0, 4);
  if (precision === 'MONTH') return date.slice(0, 7);
  return date.slice(0, 10);
}

function stringProp(props: Record<string, unknown>, key: string): string | undefined {
  const value = props[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function stringsProp(props: Record<string, unknown>, key: string): string[] {
  const value = props[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function identifiersOf(json: unknown): Array<{ scheme: string; value: string }> {
  if (typeof json !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(json);
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((i: unknown) => {
      if (!i || typeof i !== 'object') return [];
      const { scheme, value } = i as { scheme?: unknown; value?: unknown };
      return typeof scheme === 'string' && (typeof value === 'string' || typeof value === 'number') ? [{ scheme, value: String(value) }] : [];
    });
  } catch {
    return [];
  }
}

/**
 * Resolution against the entities of dataset files (`--known data/seed`), scored by the same
 * rules as the graph's resolver; without the graph's hierarchy and lineage, which the files
 * state only as links.
 */
export class DatasetResolver implements ExtractionResolver {
  private readonly candidates: Map<EntityLabel, MatchCandidateNames[]> = new Map();
  private readonly nodes: Map<string, PlannedNode>;

  private readonly countryOf: Map<string, string>;

  constructor(nodes: readonly PlannedNode[], relationships: readonly PlannedRelationship[] = []) {
    this.nodes = new Map(nodes.map((n) => [n.id, n]));
    const iso = new Map(nodes.filter((n) => n.label === 'Country').map((n) => [n.id, stringProp(n.props, 'isoCode') ?? '']));
    this.countryOf = new Map(relationships.filter((r) => r.type === 'IN_COUNTRY' && iso.get(r.to)).map((r) => [r.from, iso.get(r.to) ?? '']));
    for (const node of nodes) {
      const list = this.candidates.get(node.label) ?? [];
      const isoCode = stringProp(node.props, 'isoCode') ?? null;
      list.push({
        id: node.id,
        label: node.label,
        name: stringProp(node.props, 'name') ?? node.id,
        acronym: stringProp(node.props, 'acronym') ?? null,
        aliases: stringsProp(node.props, 'aliases'),
        isoCode,
        country: isoCode ? { iso: isoCode, names: [stringProp(node.props, 'name') ?? '', ...stringsProp(node.props, 'aliases')] } : null,
        ancestors: [],
        lineage: [],
      });
      this.candidates.set(node.label, list);
    }
  }

  resolve(name: string, label: EntityLabel): Promise<NameMatch> {
    const candidates = this.candidates.get(label) ?? [];
    const match = matchOf(decide(candidates.map((c) => scoreCandidate(name, c)), candidates));
    const country = match.kind === 'linked' ? this.countryOf.get(match.id) : undefined;
    return Promise.resolve(match.kind === 'linked' && country ? { ...match, country } : match);
  }

  projectsWithIdentifier(value: string): Promise<string[]> {
    const ids = [...this.nodes.values()].filter((n) => n.label === 'Project' && identifiersOf(n.props.identifiersJson).some((i) => i.value === value)).map((n) => n.id);
    return Promise.resolve(ids);
  }

  project(id: string): Promise<KnownProject | null> {
    const node = this.nodes.get(id);
    if (!node || node.label !== 'Project') return Promise.resolve(null);
    const p = node.props;
    const amount = p.budgetAmount;
    const currency = stringProp(p, 'budgetCurrency');
    const startText = stringProp(p, 'startText');
    const endText = stringProp(p, 'endText');
    return Promise.resolve({
      id,
      name: stringProp(p, 'name') ?? id,
      acronym: stringProp(p, 'acronym'),
      start: startText && parsePartialDate(startText) ? startText : undefined,
      end: endText && parsePartialDate(endText) ? endText : undefined,
      durationMonths: typeof p.durationMonths === 'number' ? p.durationMonths : undefined,
      status: stringProp(p, 'status') as ProjectStatus | undefined,
      budget: typeof amount === 'number' && currency ? { amount, currency } : undefined,
      identifiers: identifiersOf(p.identifiersJson),
    });
  }
}

export { identifiersOf };

/** A resolver over the dataset files of a folder (data/seed): its entities and their countries. */
export function datasetResolver(folder: string): DatasetResolver {
  const planned = planDataset(readDataset(folder));
  return new DatasetResolver(planned.plan.nodes, planned.plan.relationships);
}
