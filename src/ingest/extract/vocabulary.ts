import { countriesNamed } from '../../domain/countryNames';
import { normaliseName } from '../../domain/names';
import type { ProjectStatus } from '../../domain/entities';

/**
 * The words the readers share: the labels of fields as pages write them (one table of
 * synonyms, so that a new wording is a new row rather than a new reader), statuses, amounts
 * of money, country names found in running text, and how a list of names splits.
 */

/** The facts a labelled field can state. */
export type FieldKind =
  | 'start'
  | 'end'
  | 'duration'
  | 'status'
  | 'projectType'
  | 'budget'
  | 'coverage'
  | 'year'
  | 'region'
  | 'primaId'
  | 'projectsId'
  | 'countries'
  | 'donors'
  | 'implementers'
  | 'implementingPartners'
  | 'partners'
  | 'beneficiaries'
  | 'manager'
  | 'objective'
  | 'summary'
  | 'downloads'
  /** The project's title under a label ("Project Title: …"). */
  | 'title'
  /** A heading after which the fields end and prose begins ("Project Info", "Executive Summary"). */
  | 'section';

/** Label synonyms, normalised (normaliseName), by the fact they label. */
const LABELS: ReadonlyArray<readonly [FieldKind, readonly string[]]> = [
  ['start', ['start date', 'start', 'starting date', 'date of start', 'project start', 'start of project', 'beginning']],
  ['end', ['end date', 'end', 'ending date', 'completion date', 'date of completion', 'project end', 'end of project', 'closing date']],
  ['duration', ['duration', 'project duration', 'implementation period', 'period of implementation', 'project period', 'timeframe', 'time frame', 'period', 'dates']],
  ['status', ['project status', 'status', 'current status']],
  ['projectType', ['project type', 'type of project', 'type', 'thematic area', 'area of work']],
  ['budget', ['budget amount', 'budget', 'total budget', 'project budget', 'funding', 'funding amount', 'total funding', 'amount', 'project value', 'overall budget', 'total cost']],
  ['coverage', ['coverage', 'geographical coverage', 'scope']],
  ['year', ['year']],
  ['region', ['idf region', 'region', 'regions']],
  ['primaId', ['prima id', 'prima']],
  ['projectsId', ['projects id', 'project id', 'project code', 'project number', 'project reference']],
  ['countries', ['benefiting member states', 'benefiting member state', 'benefiting countries', 'beneficiary countries', 'countries', 'country', 'countries covered', 'target countries', 'partner countries', 'location', 'locations', 'country of implementation', 'countries of implementation']],
  ['donors', ['donor', 'donors', 'funded by', 'financed by', 'funding partner', 'funding partners', 'funder', 'funders', 'donor s', 'co funded by', 'co financed by', 'sponsor', 'sponsors', 'funding organisation', 'funding organization']],
  ['implementers', ['implementing agency', 'implementing agencies', 'implemented by', 'implementing organisation', 'implementing organization', 'lead agency', 'lead organisation', 'lead organization', 'implementer', 'implementers']],
  ['implementingPartners', ['implementing partner', 'implementing partners', 'co implementing partner', 'co implementing partners']],
  ['partners', ['partners', 'partner', 'partner organisations', 'partner organizations', 'partner institutions', 'key partners', 'national partners', 'counterparts', 'counterpart', 'in partnership with', 'in cooperation with']],
  ['beneficiaries', ['main beneficiary', 'main beneficiaries', 'beneficiary', 'beneficiaries', 'beneficiary institution', 'beneficiary institutions', 'target institutions']],
  ['manager', ['project manager', 'project managers', 'project manager co author', 'project manager co authors', 'project coordinator', 'project manager s', 'programme manager', 'program manager', 'project lead', 'contact person']],
  ['objective', ['objective', 'objectives', 'overall objective', 'aim', 'purpose', 'goal']],
  ['summary', ['summary', 'description', 'project description', 'background']],
  ['downloads', ['downloads', 'download', 'documents', 'related documents']],
  ['title', ['project title', 'title of the project', 'project name', 'name of the project', 'title']],
  ['section', ['project info', 'project information', 'executive summary', 'about the project', 'overview', 'related news', 'related projects', 'news', 'publications', 'share', 'contact']],
];

const LABEL_OF = new Map<string, FieldKind>(LABELS.flatMap(([kind, names]) => names.map((name) => [name, kind] as const)));

/** A label as a page writes it, read. */
export interface LabelRead {
  kind: FieldKind;
  /** The label as written, without its colon. */
  text: string;
  /** A currency a label names: "Budget Amount (USD)". */
  currency?: string;
  /** The label names several ("Donors", "Countries"). */
  plural: boolean;
}

const CURRENCY_IN_LABEL = /\(\s*([A-Z]{3})\s*\)/;

/**
 * The label a whole line is (with or without its colon), or undefined: "Start Date",
 * "Budget Amount (USD)", "Donors:", "Project Manager/Co-Author:".
 */
export function labelOf(line: string): LabelRead | undefined {
  const text = line.trim().replace(/\s*:\s*$/, '');
  if (text === '' || text.length > 60) return undefined;
  const currency = CURRENCY_IN_LABEL.exec(text)?.[1];
  const key = normaliseName(text.replace(CURRENCY_IN_LABEL, ' '));
  const kind = LABEL_OF.get(key);
  if (!kind) return undefined;
  const plural = /(?:s|ies)$/i.test(text.replace(CURRENCY_IN_LABEL, '').trim()) || /\band\b|\//.test(text);
  return { kind, text, ...(currency ? { currency } : {}), plural };
}

// The label synonyms as one pattern, longest first, for labels followed on their line by a value.
const LABEL_ALTERNATION = [...new Set(LABELS.flatMap(([, names]) => names))]
  .sort((a, b) => b.length - a.length)
  .map((name) => name.split(' ').map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s/\\-’\'()]*'))
  .join('|');
// The label ends with a colon, or a tab or wide space copied from a table ("Donor<TAB>EU").
const LABELLED = new RegExp(`^(${LABEL_ALTERNATION})(\\s*\\(\\s*[A-Z]{3}\\s*\\))?(?:\\s*:\\s*|\\t+|\\s{3,})(.*)$`, 'iu');
// A label run into its value without a separator: "DonorsThe Foreign and Commonwealth Office".
// Only a capital after the label tells the two apart, so only labels a page would run in are tried.
// (Written with both cases of each first letter: under the i flag \p{Lu} would match any letter.)
const RUN_IN_LABELS = ['donors?', 'duration', 'countries', 'country', 'objectives?', 'summary', 'downloads?', 'partners?', 'status', 'funding', 'budget', 'implementing agency', 'project manager'];
const RUN_IN = new RegExp(`^(${RUN_IN_LABELS.map((l) => `[${l[0]?.toUpperCase() ?? ''}${l[0] ?? ''}]${l.slice(1)}`).join('|')})(?=\\p{Lu})(.+)$`, 'u');

/** A line "Label: value" (or a run-in "LabelValue"), read; undefined for any other line. */
export function labelledLine(line: string): { label: LabelRead; value: string } | undefined {
  const match = LABELLED.exec(line.trim());
  if (match) {
    const label = labelOf(`${match[1] ?? ''}${match[2] ?? ''}`);
    if (label) return { label, value: (match[3] ?? '').trim() };
  }
  const runIn = RUN_IN.exec(line.trim());
  if (runIn) {
    const label = labelOf(runIn[1] ?? '');
    if (label) return { label, value: (runIn[2] ?? '').trim() };
  }
  return undefined;
}

// ---------------------------------------------------------------------------- statuses

/** "Completed", "Ongoing", … as pages word them, normalised. */
const STATUS_WORDS: Record<string, ProjectStatus> = {
  completed: 'COMPLETED',
  complete: 'COMPLETED',
  closed: 'COMPLETED',
  finished: 'COMPLETED',
  ended: 'COMPLETED',
  past: 'COMPLETED',
  concluded: 'COMPLETED',
  finalised: 'COMPLETED',
  finalized: 'COMPLETED',
  ongoing: 'ONGOING',
  'on going': 'ONGOING',
  active: 'ONGOING',
  current: 'ONGOING',
  running: 'ONGOING',
  'in progress': 'ONGOING',
  'under implementation': 'ONGOING',
  'in implementation': 'ONGOING',
  open: 'ONGOING',
  planned: 'PLANNED',
  pipeline: 'PLANNED',
  upcoming: 'PLANNED',
  forthcoming: 'PLANNED',
  'not started': 'PLANNED',
  cancelled: 'CANCELLED',
  canceled: 'CANCELLED',
  terminated: 'CANCELLED',
  suspended: 'SUSPENDED',
  'on hold': 'SUSPENDED',
};

/** The dataset's status for a page's wording, or undefined. */
export function statusOf(text: string): ProjectStatus | undefined {
  return STATUS_WORDS[normaliseName(text)];
}

/** A heading that sets the status of the projects listed below it: "Ongoing Projects", "Past projects of the Centre". */
export const STATUS_HEADING = /^(ongoing|current|active|completed|past|closed|finished|planned|upcoming|forthcoming|pipeline)\s+projects\b[^.:;]{0,40}$/i;

// ---------------------------------------------------------------------------- money

const SYMBOLS: Record<string, string> = { '€': 'EUR', $: 'USD', '£': 'GBP', 'US$': 'USD', 'CHF': 'CHF' };
const CURRENCY_WORDS: Record<string, string> = { euro: 'EUR', euros: 'EUR', dollars: 'USD', 'us dollars': 'USD', francs: 'CHF', 'swiss francs': 'CHF', pounds: 'GBP' };
const SCALE: Record<string, number> = { thousand: 1e3, k: 1e3, million: 1e6, mio: 1e6, m: 1e6, mn: 1e6, billion: 1e9, bn: 1e9 };
// "4,200,000", "4 200 000", "3.000.000" and "1.600.000,00" (thousands in dots), "2.5", "2,5".
const NUMBER = '(\\d{1,3}(?:[,\\s\\u00a0]\\d{3})+(?:\\.\\d+)?|\\d{1,3}(?:\\.\\d{3})+(?:,\\d+)?(?![.\\d])|\\d+(?:[.,]\\d+)?)';
const SCALE_WORDS = '(thousand|million|billion|mio|mn|bn|m|k)\\b\\.?';
// "EUR 11 million", "€2.5m", "USD 620,000", "11 million euros", "4 200 000 EUR".
const MONEY_BEFORE = new RegExp(`(?<![\\p{L}])(US\\$|[A-Z]{3}|€|\\$|£)\\s?${NUMBER}(?:\\s*${SCALE_WORDS})?`, 'u');
const MONEY_AFTER = new RegExp(`(?<![\\p{L}\\p{N}])${NUMBER}(?:\\s*${SCALE_WORDS})?\\s*(EUR|USD|CHF|GBP|euros?|(?:us |swiss )?dollars|(?:swiss )?francs|pounds)\\b`, 'iu');

function amountOf(number: string, scale: string | undefined): number | undefined {
  const compact = number.replace(/[\s\u00a0]/g, '');
  // Thousands in dots ("3.000.000", "1.600.000,00") when there is no scale word after them.
  const dotted = !scale && /^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/.test(compact);
  // "2,5" is a decimal comma only without thousands groups; "4,200,000" is groups.
  const plain = dotted ? compact.replace(/\./g, '').replace(',', '.') : /^\d+,\d{1,2}$/.test(compact) ? compact.replace(',', '.') : compact.replace(/,/g, '');
  const value = Number(plain) * (scale ? (SCALE[scale.toLowerCase()] ?? 1) : 1);
  return Number.isFinite(value) && value >= 0 ? Math.round(value * 100) / 100 : undefined;
}

/**
 * An amount of money as a page writes it, with its currency; `currency` is the one the label
 * names ("Budget Amount (USD)") for a bare number. Undefined when the text states none.
 */
export function moneyIn(text: string, currency?: string): { amount: number; currency: string } | undefined {
  const before = MONEY_BEFORE.exec(text);
  if (before) {
    const code = SYMBOLS[before[1] ?? ''] ?? before[1] ?? '';
    const amount = amountOf(before[2] ?? '', before[3]);
    if (amount !== undefined && code in CODES) return { amount, currency: code };
  }
  const after = MONEY_AFTER.exec(text);
  if (after) {
    const word = (after[3] ?? '').toLowerCase();
    const code = CURRENCY_WORDS[word] ?? word.toUpperCase();
    const amount = amountOf(after[1] ?? '', after[2]);
    if (amount !== undefined) return { amount, currency: code };
  }
  if (currency) {
    const bare = new RegExp(`^${NUMBER}(?:\\s*${SCALE_WORDS})?$`, 'iu').exec(text.trim());
    const amount = bare ? amountOf(bare[1] ?? '', bare[2]) : undefined;
    if (amount !== undefined) return { amount, currency };
  }
  return undefined;
}

/** Currency codes a page may write before an amount (others would be words in capitals). */
const CODES: Record<string, true> = { EUR: true, USD: true, CHF: true, GBP: true, SEK: true, NOK: true, DKK: true, CAD: true, AUD: true, JPY: true, TRY: true, PLN: true, CZK: true, HUF: true, RON: true, BGN: true };

// ---------------------------------------------------------------------------- countries in text

const CONNECTORS_IN_COUNTRY_NAMES = new Set(['and', 'of', 'the', 'da', 'de', 'del', 'and']);

/**
 * The country names running text writes, as written, in order of appearance: the longest run
 * of capitalised words (with "and", "of", "the" inside) that names a state in world-countries
 * ("North Macedonia", "Bosnia and Herzegovina"); cities and other capitalised words are not.
 */
export function countryNamesIn(text: string): Array<{ name: string; iso: string }> {
  const words = [...text.matchAll(/[\p{L}][\p{L}’'\-]*/gu)];
  const found: Array<{ name: string; iso: string }> = [];
  for (let i = 0; i < words.length; i++) {
    const first = words[i]?.[0] ?? '';
    if (!/^\p{Lu}/u.test(first)) continue;
    for (let end = Math.min(words.length, i + 6); end > i; end--) {
      const last = words[end - 1]?.[0] ?? '';
      if (!/^\p{Lu}/u.test(last)) continue;
      const inner = words.slice(i, end);
      if (inner.some((w) => !/^\p{Lu}/u.test(w[0]) && !CONNECTORS_IN_COUNTRY_NAMES.has(w[0]))) continue;
      const startAt = inner[0]?.index ?? 0;
      const endAt = (inner.at(-1)?.index ?? 0) + last.length;
      const phrase = text.slice(startAt, endAt);
      if (/[\n.,;:]/.test(phrase)) continue;
      const iso = countriesNamed(normaliseName(phrase));
      if (iso.length === 1 && iso[0]) {
        found.push({ name: phrase, iso: iso[0] });
        i = end - 1;
        break;
      }
    }
  }
  return found;
}

// ---------------------------------------------------------------------------- lists of names

/** Words that begin the name of a body, so that "X and Government of Y" is two names. */
const ORG_HEADS = new Set(
  [
    'government', 'governments', 'ministry', 'ministries', 'kingdom', 'republic', 'embassy', 'embassies', 'office', 'agency', 'department', 'council',
    'organization', 'organisation', 'centre', 'center', 'institute', 'university', 'federal', 'directorate', 'commission', 'delegation', 'state', 'states',
    'national', 'international', 'united', 'european', 'swiss', 'german', 'danish', 'dutch', 'british', 'norwegian', 'swedish', 'austrian', 'french',
    'italian', 'spanish', 'canadian', 'australian', 'american', 'japanese', 'foundation', 'fund', 'bank', 'programme', 'program', 'secretariat', 'presidency',
    'general', 'police', 'gendarmerie', 'coast', 'border', 'high', 'regional', 'world', 'municipality', 'city', 'association', 'network', 'red', 'caritas',
  ],
);

function startsNewName(part: string): boolean {
  const trimmed = part.trim();
  if (/^the\s+\p{Lu}/u.test(trimmed)) return true;
  const first = normaliseName(trimmed.split(/\s+/)[0] ?? '');
  if (ORG_HEADS.has(first)) return true;
  if (/^\p{Lu}{2,}\b/u.test(trimmed)) return true;
  return countriesNamed(normaliseName(trimmed)).length > 0;
}

/**
 * The names a list writes: "A, B and C", "A; B", "A & B", "A as well as B". " and " splits
 * only where a new name starts after it (a country, "the …", a body's head word such as
 * "Government" or "Ministry", an acronym), so "Ministry of Labour and Social Policy" and
 * "Bosnia and Herzegovina" stay whole.
 */
export function splitNameList(text: string): string[] {
  // "Asylum, Migration and Integration Fund": single nouns listed inside one body's name.
  const words = /^((?:\p{Lu}\p{Ll}+,\s*)+\p{Lu}\p{Ll}+)\s+and\s+(?:\p{Lu}\p{Ll}+\s+)*(?:Fund|Office|Agency|Programme|Program|Facility|Instrument|Trust|Foundation|Council|Commission|Committee|Service|Directorate|Department|Ministry)$/u.exec(text.trim());
  if (words && (words[1] ?? '').split(/,\s*/).every((w) => countriesNamed(normaliseName(w)).length === 0)) return [text.trim()];
  const parts = text
    .split(/\s*;\s*|\s*,\s*(?:and\s+|as well as\s+)?|\s+&\s+|\s+as well as\s+/)
    .flatMap((part) => {
      const pieces: string[] = [];
      let rest = part;
      for (;;) {
        const match = /\s+and\s+/.exec(rest);
        if (!match) break;
        const after = rest.slice(match.index + match[0].length);
        const before = rest.slice(0, match.index);
        if (!startsNewName(after) || before.trim() === '') {
          // Look for a later "and" that starts a name: "Ministry of Labour and Social Policy and the State Police".
          const later = /\s+and\s+/.exec(after);
          if (!later) break;
          const laterAfter = after.slice(later.index + later[0].length);
          if (!startsNewName(laterAfter)) break;
          pieces.push(`${before} and ${after.slice(0, later.index)}`);
          rest = laterAfter;
          continue;
        }
        pieces.push(before);
        rest = after;
      }
      pieces.push(rest);
      return pieces;
    });
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Words only the name of a body has: a line naming one alone is a donor or partner, not a title. */
const BODY_WORDS = /\b(?:Union|Ministry|Government|Embassy|Agency|Office|Department|Commission|Council|Fund|Foundation|Bank|Kingdom|Republic|Organi[sz]ation|Secretariat|Directorate|Delegation|Confederation)\b/u;

/** Whether a line reads as the name of an organisation rather than a project's title. */
export function looksLikeOrganisation(line: string): boolean {
  const words = line.trim().split(/\s+/);
  if (words.length > 12 || /[.:;!?]$/.test(line) || /\(\s*[^()]+\)\s*$/.test(line)) return false;
  return BODY_WORDS.test(line) && !/\b(?:project|programme|program|initiative|support|supporting|strengthening|enhancing|building|improving)\b/i.test(line);
}
