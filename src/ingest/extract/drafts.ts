import { normaliseName } from '../../domain/names';
import { parsePartialDate } from '../../domain/partialDate';

/**
 * What the page parsers (iomProjectPage.ts, icmpdListing.ts) hand to extract.ts: drafts of
 * the projects a page states, names as written, and the reading of dates as pages write them,
 * which both parsers share. This module sits below the parsers and extract.ts and imports
 * neither, so that the extractor has no import cycle.
 */

/** The page formats the extractor reads, one parser each. */
export type PageFormat = 'iom-project-page' | 'icmpd-listing';

/** The part a named participant plays; also the `role` of an unresolved name. */
export type LinkKind = 'donor' | 'implementer' | 'implementing partner' | 'beneficiary' | 'country' | 'person';

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
}

/** A whole page as a parser reads it. */
export interface PageDraft {
  format: PageFormat;
  title: string;
  publisher: string;
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
// a year. Each consumes its year, so "2018-30 September" is never read as an ISO date.
const DATE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${DAY}\\s+${MONTH}(?:,?\\s+${YEAR})?|${MONTH}\\s+${DAY},?\\s+${YEAR}|${MONTH}(?:,?\\s+${YEAR})?|${YEAR}-(\\d{2})(?:-(\\d{2}))?|${YEAR})(?![\\p{L}\\p{N}])`,
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
    return { year: num(m[12]) };
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
