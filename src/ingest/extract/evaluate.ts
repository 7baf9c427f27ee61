import { normaliseName } from '../../domain/names';
import { collapseWhitespace } from '../../domain/text';
import type { ProjectFacts, ReportProject } from './extract';

/**
 * The extractor's measure: the projects it reads from a page against the answer a person
 * wrote for it (test/fixtures/pages/*.expected.json), field by field, as true positives, false
 * positives and false negatives, from which precision and recall follow. Names are compared
 * as the page writes them, normalised (case, diacritics, punctuation), so that the measure is
 * of reading, not of resolution.
 */

/** One project of an answer file: the report's fields, names as plain strings. */
export type ExpectedProject = ProjectFacts<string>;

export interface ExpectedPage {
  format: string;
  projects: ExpectedProject[];
}

export const SCALAR_FIELDS = ['name', 'acronym', 'startDate', 'endDate', 'status', 'budget'] as const;
export const NAME_FIELDS = ['donors', 'implementers', 'beneficiaries', 'partners', 'countries', 'people'] as const;
export const FIELDS = ['format', 'projects', ...SCALAR_FIELDS, 'identifiers', ...NAME_FIELDS] as const;
export type EvalField = (typeof FIELDS)[number];

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export type Score = Record<EvalField, Counts>;

export function emptyScore(): Score {
  return Object.fromEntries(FIELDS.map((f) => [f, { tp: 0, fp: 0, fn: 0 }])) as Score;
}

export function addScores(a: Score, b: Score): Score {
  const out = emptyScore();
  for (const f of FIELDS) out[f] = { tp: a[f].tp + b[f].tp, fp: a[f].fp + b[f].fp, fn: a[f].fn + b[f].fn };
  return out;
}

const key = (text: string): string => normaliseName(text);

function scalarKey(field: (typeof SCALAR_FIELDS)[number], value: ExpectedProject[typeof field] | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') return `${value.amount} ${value.currency}`;
  return field === 'name' || field === 'acronym' ? key(value) : value;
}

function listKeys(field: 'identifiers' | (typeof NAME_FIELDS)[number], project: ExpectedProject | ReportProject): string[] {
  switch (field) {
    case 'identifiers':
      return project.identifiers.map((i) => `${i.scheme}:${i.value}`);
    case 'people':
      return project.people.map((p) => key(p.name));
    default:
      return (project[field] as ReadonlyArray<string | { name: string }>).map((n) => key(typeof n === 'string' ? n : n.name));
  }
}

/** Which found project answers which expected one: by name, else by acronym. */
function pair(expected: ExpectedProject[], found: ReportProject[]): Array<[ExpectedProject | undefined, ReportProject | undefined]> {
  const left = [...found];
  const pairs: Array<[ExpectedProject | undefined, ReportProject | undefined]> = [];
  for (const e of expected) {
    let i = left.findIndex((f) => key(f.name) === key(e.name));
    if (i < 0 && e.acronym) i = left.findIndex((f) => f.acronym !== null && key(f.acronym) === key(e.acronym ?? ''));
    pairs.push([e, i >= 0 ? left.splice(i, 1)[0] : undefined]);
  }
  for (const f of left) pairs.push([undefined, f]);
  return pairs;
}

/** The score of one page: its format, its projects, and every field of each. */
export function scorePage(expected: ExpectedPage, format: string | null, found: ReportProject[]): Score {
  const score = emptyScore();
  if (format === expected.format) score.format.tp++;
  else {
    score.format.fn++;
    if (format !== null) score.format.fp++;
  }
  for (const [e, f] of pair(expected.projects, found)) {
    if (e && f) score.projects.tp++;
    else if (e) score.projects.fn++;
    else score.projects.fp++;
    for (const field of SCALAR_FIELDS) {
      const want = e ? scalarKey(field, e[field]) : null;
      const got = f ? scalarKey(field, f[field]) : null;
      if (want !== null && got === want) score[field].tp++;
      else {
        if (got !== null) score[field].fp++;
        if (want !== null) score[field].fn++;
      }
    }
    for (const field of ['identifiers', ...NAME_FIELDS] as const) {
      const want = new Set(e ? listKeys(field, e) : []);
      const got = new Set(f ? listKeys(field, f) : []);
      for (const k of got) (want.has(k) ? score[field].tp++ : score[field].fp++);
      for (const k of want) if (!got.has(k)) score[field].fn++;
    }
  }
  return score;
}

/** The names of found projects that do not occur verbatim in the page's text: always a fault. */
export function namesNotInPage(text: string, found: ReportProject[]): string[] {
  const page = collapseWhitespace(text);
  const names = found.flatMap((p) => [...NAME_FIELDS.filter((f) => f !== 'people').flatMap((f) => p[f].map((n) => n.name)), ...p.people.map((x) => x.name)]);
  return names.filter((n) => !page.includes(collapseWhitespace(n)));
}

const percent = (n: number, d: number): string => (d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

/** The table `npm run extract:eval` prints. */
export function scoreTable(score: Score): string {
  const rows = [`${'field'.padEnd(14)} ${'TP'.padStart(4)} ${'FP'.padStart(4)} ${'FN'.padStart(4)}  precision  recall`];
  for (const f of FIELDS) {
    const c = score[f];
    rows.push(`${f.padEnd(14)} ${String(c.tp).padStart(4)} ${String(c.fp).padStart(4)} ${String(c.fn).padStart(4)}  ${percent(c.tp, c.tp + c.fp).padStart(9)}  ${percent(c.tp, c.tp + c.fn).padStart(6)}`);
  }
  return rows.join('\n');
}

/** Whether a score meets the targets: recall of at least `recall` on every field, full precision on names. */
export function targetsMet(score: Score, recall = 0.95): { met: boolean; misses: string[] } {
  const misses: string[] = [];
  for (const f of FIELDS) {
    const c = score[f];
    if (c.tp + c.fn > 0 && c.tp / (c.tp + c.fn) < recall) misses.push(`${f}: recall ${((100 * c.tp) / (c.tp + c.fn)).toFixed(1)}% < ${recall * 100}%`);
  }
  for (const f of NAME_FIELDS) if (score[f].fp > 0) misses.push(`${f}: ${score[f].fp} name(s) read that the page does not give for that role`);
  return { met: misses.length === 0, misses };
}
