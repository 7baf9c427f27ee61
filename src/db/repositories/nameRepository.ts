import { toEntityRecord, toPlain } from '../conversions';
import type { QueryRunner } from '../driver/queryRunner';
import type { EntityRecord, MatchCandidateRecord, OrganisationRecord } from '../records';
import { nameParam } from '../cypher/filterCompiler';
import { ENTITY_LABELS, type EntityLabel } from '../../domain/entities';
import {
  decide,
  designatedCountries,
  exactLookupKeys,
  rankCandidates,
  scoreCandidate,
  type MatchCandidateNames,
  type MatchDecision,
  type ScoredCandidate,
} from '../../domain/matching';
import { normaliseName } from '../../domain/names';

/**
 * The candidates of a name, read from Neo4j through its indexes, scored by domain/matching.ts:
 * the one matcher behind the name filters, the lookups by name, `match` and `/reconcile`.
 */

/** Candidates read at most per phase; the fuzzy index is asked for more, since other labels share it. */
const MAX_CANDIDATES = 50;
const FUZZY_HITS = 200;
/** Words of a name sent to the fuzzy index at most (Lucene clauses). */
const MAX_FUZZY_WORDS = 12;
/** A name longer than this is not a name: it is cut before matching (the limits of search stay apart). */
export const MAX_NAME_LENGTH = 300;

interface CandidateRow {
  props: Record<string, unknown>;
  labels: string[];
  country: { iso: unknown; names: unknown[] } | null;
  ancestors: Array<{ id: unknown; names: unknown[] }>;
  lineage: unknown[];
  redirectedFrom: unknown[];
}

export interface Candidate {
  record: EntityRecord;
  names: MatchCandidateNames;
}

/** What a name resolved to, with the records of every candidate the decision names. */
export interface NameOutcome {
  decision: MatchDecision;
  records: ReadonlyMap<string, EntityRecord>;
}

function strings(values: readonly unknown[]): string[] {
  return values.map((v) => toPlain(v)).filter((v): v is string => typeof v === 'string' && v !== '');
}

/**
 * The Lucene query of the fuzzy phase: each content word of the name, with up to one edit
 * for words of four or five letters and two from six; null when no word is left. Words are
 * normalised (letters and digits only), so nothing of the name is Lucene syntax.
 */
export function fuzzyLuceneQuery(name: string): string | null {
  const words = [...new Set(normaliseName(name).split(' ').filter(Boolean))].slice(0, MAX_FUZZY_WORDS);
  if (words.length === 0) return null;
  return words.map((w) => (w.length >= 6 ? `${w}~2` : w.length >= 4 ? `${w}~1` : w)).join(' ');
}

export class NameRepository {
  constructor(private readonly runner: QueryRunner) {}

  /** The candidates of `name` of the given labels: exact keys and states only, or with the fuzzy index too. */
  async candidates(name: string, labels: readonly EntityLabel[], fuzzy: boolean): Promise<Candidate[]> {
    for (const label of labels) if (!ENTITY_LABELS.includes(label)) throw new Error(`Unknown label ${label}`);
    const text = name.slice(0, MAX_NAME_LENGTH);
    const phrases = exactLookupKeys(text).map((key) => nameParam(key)).map(({ key, phrase }) => ({ key, phrase }));
    const rows = await this.runner.read<CandidateRow>('names.candidates', {
      id: text.trim(),
      phrases,
      isoCodes: designatedCountries(text),
      fuzzy: fuzzy ? fuzzyLuceneQuery(text) : null,
      fuzzyLimit: FUZZY_HITS,
      labels: [...labels],
      limit: MAX_CANDIDATES,
    });
    return rows.map((row) => {
      const record = toEntityRecord(row.props, row.labels);
      const country = row.country && typeof toPlain(row.country.iso) === 'string' ? { iso: String(toPlain(row.country.iso)), names: strings(row.country.names) } : null;
      return {
        record,
        names: {
          id: record.id,
          label: record.__typename,
          name: record.name,
          acronym: 'acronym' in record ? (record.acronym ?? null) : null,
          aliases: record.aliases,
          ambiguousAliases: strings(Array.isArray(row.props.ambiguousAliases) ? row.props.ambiguousAliases : []),
          isoCode: record.__typename === 'Country' ? record.isoCode : null,
          country,
          ancestors: row.ancestors.map((a) => ({ id: String(toPlain(a.id)), names: strings(a.names) })),
          lineage: strings(row.lineage),
          redirectedFrom: strings(row.redirectedFrom ?? []),
        },
      };
    });
  }

  /**
   * Resolves `name` to one entity of the labels: first by the exact rules (id, names, states,
   * qualified names) on the candidates found by exact keys, then, if none matches, by every
   * rule on the candidates of the fuzzy index as well.
   */
  async resolve(name: string, labels: readonly EntityLabel[]): Promise<NameOutcome> {
    const exact = await this.candidates(name, labels, false);
    const first = this.score(name, exact);
    if (first.decision.kind !== 'NOT_FOUND') return first;
    return this.score(name, merge(exact, await this.candidates(name, labels, true)));
  }

  /** Every candidate of `name`, best first, scored with its reasons: `match` (and `/reconcile`). */
  async match(name: string, labels: readonly EntityLabel[], options: { countryIso?: string | null; first: number }): Promise<MatchCandidateRecord[]> {
    const all = merge(await this.candidates(name, labels, false), await this.candidates(name, labels, true));
    const byId = new Map(all.map((c) => [c.names.id, c]));
    const ranked = rankCandidates(all.map((c) => scoreCandidate(name, c.names)))
      .filter((s) => s.matches || s.score > 0)
      .filter((s) => !options.countryIso || byId.get(s.id)?.names.country?.iso === options.countryIso);
    return ranked.slice(0, options.first).map((s) => toMatchRecord(s, byId.get(s.id)?.record as EntityRecord));
  }

  /**
   * What organisation filters include besides the organisations `ids` name: their renamed
   * bodies (with `lineage`) and the units of them all, at any depth, at most `maxUnits` each.
   */
  async expansions(ids: readonly string[], lineage: boolean, maxUnits: number): Promise<Map<string, { lineage: OrganisationRecord[]; units: OrganisationRecord[] }>> {
    const out = new Map<string, { lineage: OrganisationRecord[]; units: OrganisationRecord[] }>();
    if (ids.length === 0) return out;
    const rows = await this.runner.read<{ id: string; lineage: Array<Record<string, unknown>>; units: Array<Record<string, unknown>> }>('names.expansion', { ids, lineage, maxUnits });
    const organisations = (list: Array<Record<string, unknown>>) =>
      list.map((props) => toEntityRecord(props, ['Entity', 'Organisation'])).filter((r): r is OrganisationRecord => r.__typename === 'Organisation');
    for (const row of rows) out.set(row.id, { lineage: lineage ? organisations(row.lineage) : [], units: organisations(row.units) });
    return out;
  }

  private score(name: string, candidates: readonly Candidate[]): NameOutcome {
    const scored = candidates.map((c) => scoreCandidate(name, c.names));
    return { decision: decide(scored, candidates.map((c) => c.names)), records: new Map(candidates.map((c) => [c.names.id, c.record])) };
  }
}

export function toMatchRecord(scored: ScoredCandidate, entity: EntityRecord): MatchCandidateRecord {
  // A match by an ambiguous alias is a candidate, never a match: its reason says why.
  return { entity, score: scored.score, matches: scored.matches && scored.ambiguous === undefined, reasons: scored.reasons };
}

function merge(a: readonly Candidate[], b: readonly Candidate[]): Candidate[] {
  const seen = new Set(a.map((c) => c.names.id));
  return [...a, ...b.filter((c) => !seen.has(c.names.id))];
}
