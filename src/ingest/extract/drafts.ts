import { normaliseName } from '../../domain/names';
import { parsePartialDate } from '../../domain/partialDate';
import { collapseWhitespace } from '../../domain/text';

/**
 * What the page parsers (iomProjectPage.ts, icmpdListing.ts) hand to extract.ts: drafts of
 * the projects a page states, names as written, and the reading of dates as pages write them,
 * which both parsers share. This module sits below the parsers and extract.ts and imports
 * neither, so that the extractor has no import cycle.
 */

/**
 * The page shapes the extractor reads: label lines followed by value lines (an IOM project
 * page, an ICMPD project page of the newer layout), blocks of "Label: value" lines under a
 * title (an ICMPD listing of the older layout, an IOM country office's project list), and
 * prose (a news page).
 */
export type PageFormat = 'iom-project-page' | 'iom-country-office' | 'icmpd-listing' | 'icmpd-project-page' | 'news';

/** The part a named participant plays; also the `role` of an unresolved name. */
export type LinkKind = 'donor' | 'implementer' | 'implementing partner' | 'partner' | 'beneficiary' | 'country' | 'person';

/** The facts of a project a reader reports a confidence for. */
export type DraftField =
  | 'name'
  | 'acronym'
  | 'description'
  | 'status'
  | 'projectType'
  | 'start'
  | 'end'
  | 'durationMonths'
  | 'phases'
  | 'budget'
  | 'coverage'
  | 'identifiers'
  | LinkKind;

/** A participant as the page names it: one or several names, and the excerpt stating it. */
export interface Mention {
  kind: LinkKind;
  text: string;
  excerpt: string;
  /** The page says there are several ("Donors:", "Co-financed by …"), so "X and Y" are two names. */
  several: boolean;
  /** A beneficiary's role ("main beneficiary") or a person's title ("Project Manager"). */
  role?: string;
}

/** A phase of a project, with the dates the page gives it. */
export interface PhaseDraft {
  name: string;
  start?: string;
  end?: string;
}

/** One project as a parser reads it: attribute values, their excerpts, and names unresolved. */
export interface ProjectDraft {
  name: string;
  acronym?: string;
  description?: string;
  /** The status as the page words it ("Completed", "Ongoing"); mapped here to the dataset's. */
  statusText?: string;
  projectType?: string;
  start?: string;
  end?: string;
  durationMonths?: number;
  phases: PhaseDraft[];
  budget?: { amount: number; currency: string };
  coverage?: string;
  identifiers: Array<{ scheme: string; value: string }>;
  /** Excerpts supporting the project and its attributes. */
  evidence: string[];
  mentions: Mention[];
  warnings: string[];
  /**
   * How sure the reader is of each fact it read, from 0 to 1: a value under its own label is
   * near certain, a value found before its label or in running text much less so.
   */
  confidence: Partial<Record<DraftField, number>>;
  /** Facts read from prose: every one is for a person to confirm before it is loaded. */
  review: boolean;
}

/** A draft with nothing read yet. */
export function emptyDraft(name: string, evidence: string[], acronym?: string): ProjectDraft {
  return { name, acronym, phases: [], identifiers: [], evidence, mentions: [], warnings: [], confidence: {}, review: false };
}

/** Records the confidence of a fact, keeping the higher when it is read twice. */
export function noteConfidence(draft: ProjectDraft, field: DraftField, confidence: number): void {
  draft.confidence[field] = Math.max(draft.confidence[field] ?? 0, confidence);
}

/** A whole page as a parser reads it. */
export interface PageDraft {
  format: PageFormat;
  title: string;
  /** The publisher, when the page names it. */
  publisher?: string;
  projects: ProjectDraft[];
}

// ---------------------------------------------------------------------------- dates

/** Month names as the pages write them, English and German ("Mai 2017"), with abbreviations. */
const MONTH_NAMES: ReadonlyArray<readonly [string, number]> = [
  ['january', 1], ['jan', 1], ['januar', 1], ['jänner', 1],
  ['february', 2], ['feb', 2], ['februar', 2], ['feber', 2],
  ['march', 3], ['mar', 3], ['märz', 3], ['maerz', 3], ['mrz', 3],
  ['april', 4], ['apr', 4],
  ['may', 5], ['mai', 5],
  ['june', 6], ['jun', 6], ['juni', 6],
  ['july', 7], ['jul', 7], ['juli', 7],
  ['august', 8], ['aug', 8],
  ['september', 9], ['sept', 9], ['sep', 9],
  ['october', 10], ['oct', 10], ['oktober', 10], ['okt', 10],
  ['november', 11], ['nov', 11],
  ['december', 12], ['dec', 12], ['dezember', 12], ['dez', 12],
];
const MONTHS = new Map(MONTH_NAMES.map(([name, month]) => [normaliseName(name), month]));
// Longest first, so that "September" is not read as "Sep" followed by letters.
const MONTH = `(${MONTH_NAMES.map(([name]) => name).sort((a, b) => b.length - a.length).join('|')})\\.?`;
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?\\.?';
const YEAR = '(\\d{4})';
// Alternatives in order of preference: a day before its month ("15 May 2017"), a month before
// its day ("May 15, 2017"), a month ("Mai 2017", or "April" whose year comes later), an ISO date,
// a year; and numeric dates as European pages write them, day first ("01.08.2019", "1/8/2019")
// or month and year ("08/2019"). Each consumes its year, so "2018-30 September" is never read
// as an ISO date.
const DATE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${DAY}\\s+${MONTH}(?:,?\\s+${YEAR})?|${MONTH}\\s+${DAY},?\\s+${YEAR}|${MONTH}(?:,?\\s+${YEAR})?|${YEAR}-(\\d{2})(?:-(\\d{2}))?|(\\d{1,2})[./](\\d{1,2})[./]${YEAR}|(\\d{1,2})[./]${YEAR}|${YEAR})(?![\\p{L}\\p{N}])`,
  'giu',
);

/** A date as a page writes it; parts it leaves out are undefined. */
export interface DateToken {
  year?: number;
  month?: number;
  day?: number;
}

const num = (text: string | undefined): number | undefined => (text === undefined ? undefined : Number(text));
const month = (name: string | undefined): number | undefined => (name === undefined ? undefined : MONTHS.get(normaliseName(name)));

/** Every date the text writes, in order. */
export function dateTokens(text: string): DateToken[] {
  return [...text.matchAll(DATE)].map((m) => {
    if (m[2] !== undefined) return { day: num(m[1]), month: month(m[2]), year: num(m[3]) };
    if (m[4] !== undefined) return { month: month(m[4]), day: num(m[5]), year: num(m[6]) };
    if (m[7] !== undefined) return { month: month(m[7]), year: num(m[8]) };
    if (m[9] !== undefined) return { year: num(m[9]), month: num(m[10]), day: num(m[11]) };
    if (m[12] !== undefined) return { day: num(m[12]), month: num(m[13]), year: num(m[14]) };
    if (m[15] !== undefined) return { month: num(m[15]), year: num(m[16]) };
    return { year: num(m[17]) };
  });
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** YYYY, YYYY-MM or YYYY-MM-DD with the precision the token has; undefined when impossible. */
export function toPartialDate(token: DateToken): string | undefined {
  if (token.year === undefined) return undefined;
  let text = String(token.year);
  if (token.month !== undefined) {
    text += `-${pad(token.month)}`;
    if (token.day !== undefined) text += `-${pad(token.day)}`;
  }
  return parsePartialDate(text) ? text : undefined;
}

/**
 * Reads one date as the pages write it ("2018", "May 2017", "Mai 2017", "15 May 2017",
 * "May 15, 2017", "2017-05-15") into YYYY, YYYY-MM or YYYY-MM-DD, keeping the precision the
 * page gives; undefined when the text is not exactly one complete date.
 */
export function readDate(text: string): string | undefined {
  const tokens = dateTokens(text);
  return tokens.length === 1 && tokens[0] ? toPartialDate(tokens[0]) : undefined;
}

// ---------------------------------------------------------------------------- durations

/** What a "Duration:" paragraph says, and what could not be read in it. */
export interface Duration {
  start?: string;
  end?: string;
  durationMonths?: number;
  phases: PhaseDraft[];
  problems: string[];
}

// "First Phase:", "Second Phase:", "1st phase:", "2nd phase:", "Phase 2:", "Phase II:".
const PHASE = /(?<![\p{L}\p{N}])((?:first|second|third|fourth|fifth|sixth|final|last|\d+\s*(?:st|nd|rd|th)|\d+\.)\s+phase|phase\s+(?:\d+|[ivx]+|one|two|three|four|five|six))\s*:/giu;

interface Range {
  start?: string;
  end?: string;
  problem?: string;
}

/** A range "A – B" (en dash, em dash, hyphen or "to"); A may borrow its year from B ("April – September 2018"). */
function readRange(text: string): Range {
  const tokens = dateTokens(text);
  if (tokens.length === 1 && tokens[0]) {
    // "Since March 2019", "2018 – ongoing", "until June 2021": one end of the range.
    const date = toPartialDate(tokens[0]);
    if (date && /\b(?:since|from|starting|started|began|ongoing|present|to date|open-ended)\b|[–—-]\s*$/i.test(text)) return { start: date };
    if (date && /\b(?:until|till|through|ending|ends|by)\b/i.test(text)) return { end: date };
  }
  if (tokens.length !== 2) return { problem: tokens.length === 0 ? 'no date' : `expected a start and an end, found ${tokens.length} dates` };
  const [first, last] = tokens as [DateToken, DateToken];
  const from = { ...first };
  if (from.year === undefined && last.year !== undefined) {
    // "November – February 2019": the start is in the year before.
    from.year = from.month !== undefined && last.month !== undefined && from.month > last.month ? last.year - 1 : last.year;
  }
  if (from.month === undefined && from.day !== undefined) return { problem: 'a start with a day but no month' };
  const start = toPartialDate(from);
  const end = toPartialDate(last);
  if (!start || !end) return { problem: 'an incomplete or impossible date' };
  return { start, end };
}

function phaseSegments(text: string): Array<{ name: string; body: string }> {
  const labels = [...text.matchAll(PHASE)];
  return labels.map((label, i) => {
    const bodyStart = (label.index ?? 0) + label[0].length;
    const bodyEnd = labels[i + 1]?.index ?? text.length;
    return { name: collapseWhitespace(label[1] ?? ''), body: text.slice(bodyStart, bodyEnd).replace(/[\s;,.]+$/, '').replace(/\s+and$/i, '') };
  });
}

/** The earliest of some partial dates by their first day, or the latest by their last day. */
function extreme(dates: Array<string | undefined>, pick: 'first' | 'last'): string | undefined {
  let best: { text: string; key: string } | undefined;
  for (const text of dates) {
    const parsed = text ? parsePartialDate(text) : null;
    if (!parsed || !text) continue;
    const key = parsed[pick];
    if (!best || (pick === 'first' ? key < best.key : key > best.key)) best = { text, key };
  }
  return best?.text;
}

/**
 * Reads a "Duration:" paragraph: one range ("July 2017 – December 2018", "Mai 2017 - Mai 2019")
 * or phases ("First Phase: 15 May 2017 – 31 March 2018; Second Phase: 1 April 2018-30 September
 * 2018", "1st phase: May 2017 – March 2018; 2nd phase: April – September 2018"), and a stated
 * length ("24 months"). The project runs from its earliest phase start to its latest phase end.
 */
export function parseDuration(text: string): Duration {
  const months = /(?<![\p{N}])(\d{1,3})[\s-]*months?\b/iu.exec(text);
  const years = /(?<![\p{N}])(\d{1,2})[\s-]*years?\b/iu.exec(text);
  const durationMonths = months ? Number(months[1]) : years ? Number(years[1]) * 12 : undefined;
  const segments = phaseSegments(text);
  if (segments.length === 0) {
    if (durationMonths !== undefined && dateTokens(text).length === 0) return { durationMonths, phases: [], problems: [] };
    const range = readRange(text);
    return { start: range.start, end: range.end, durationMonths, phases: [], problems: range.problem ? [`could not read the duration (${range.problem})`] : [] };
  }
  const phases: PhaseDraft[] = [];
  const problems: string[] = [];
  for (const segment of segments) {
    const range = readRange(segment.body);
    if (range.problem) problems.push(`could not read the ${segment.name} (${range.problem})`);
    phases.push({ name: segment.name, start: range.start, end: range.end });
  }
  return {
    start: extreme(phases.map((p) => p.start), 'first'),
    end: extreme(phases.map((p) => p.end), 'last'),
    durationMonths,
    phases,
    problems,
  };
}
