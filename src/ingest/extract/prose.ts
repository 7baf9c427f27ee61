import { collapseWhitespace } from '../../domain/text';
import { emptyDraft, noteConfidence, readDate, type LinkKind, type PageDraft, type ProjectDraft } from './drafts';
import { moneyIn } from './vocabulary';

/**
 * Facts stated in sentences rather than fields, as news pages of IOM, ICMPD, ministries, UN
 * agencies and the Council of Europe write them: "funded by X", "is funded by X for the period
 * August 2019 to August 2021", "implemented by X in close cooperation with Y", "in implementing
 * partnership with X", "launched on 29 January 2015", "the duration of implementation is 24
 * months", "EUR 11 million", "the beneficiary of the project is X", "counterparts are X, Y and
 * Z". A name is a run of capitalised words (with "of", "for", "and", "the" inside) exactly as
 * the sentence writes it; the excerpt of every fact is its sentence. Every fact read from
 * prose is marked for review and carries a low confidence.
 */

const PROSE_CONFIDENCE = 0.6;

const MONTH_WORDS = 'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec';
// A capitalised word of a name (not a month, which begins a date: "… Union in August 2019").
const WORD = `(?!(?:${MONTH_WORDS})\\b)(?:\\p{Lu}[\\p{L}\\p{N}'’\\-]*|\\p{N}+(?=\\s+\\p{Lu}))`;
// Small words inside a name: "Ministry of Labour and Social Policy", "Office for Democratic …".
// "in" is left out: "implemented by IOM in Albania" names IOM, not "IOM in Albania".
// "to" joins "Delegation of the European Union to Türkiye" (a capital must follow it, as after any).
const CONNECTOR = "(?:of|for|and|the|on|to|de|du|des|la|le|del|für|und|&|d'|l')";
const NAME = `${WORD}(?:\\s+(?:${CONNECTOR}\\s+)*${WORD})*(?:\\s*\\([^()]{1,60}\\))?`;
const LEAD = "(?:the\\s+|The\\s+)?";
const LIST = `${LEAD}${NAME}(?:(?:\\s*,\\s*(?:and\\s+)?|\\s+and\\s+|\\s+as\\s+well\\s+as\\s+)${LEAD}${NAME})*`;
const DATE = `(?:(?:\\d{1,2}(?:st|nd|rd|th)?\\s+)?(?:${MONTH_WORDS})\\.?,?\\s+\\d{4}|(?:${MONTH_WORDS})\\s+\\d{1,2},?\\s+\\d{4}|\\d{4})`;

const re = (source: string): RegExp => new RegExp(source, 'gu');

/** Patterns naming participants, with the part each plays. */
const PARTICIPANTS: ReadonlyArray<{ kind: LinkKind; pattern: RegExp }> = [
  { kind: 'donor', pattern: re(`\\b(?:co-?)?(?:funded|financed|sponsored)\\s+(?:jointly\\s+|entirely\\s+|fully\\s+)?by\\s+(${LIST})`) },
  { kind: 'donor', pattern: re(`\\bwith\\s+(?:the\\s+)?(?:generous\\s+)?financial\\s+support\\s+(?:of|from)\\s+(${LIST})`) },
  { kind: 'donor', pattern: re(`\\b(?:with|thanks\\s+to)\\s+(?:the\\s+)?(?:funding|funds|a\\s+grant|a\\s+contribution|contributions)\\s+(?:of|from)\\s+(${LIST})`) },
  // "EU-funded", "European Union-funded", "Swiss-funded".
  { kind: 'donor', pattern: re(`(?<![\\p{L}])((?:\\p{Lu}[\\p{L}]*\\s+){0,3}\\p{Lu}[\\p{L}]*)-(?:funded|financed)\\b`) },
  { kind: 'implementer', pattern: re(`\\b(?:implemented|carried\\s+out|run|led)\\s+(?:jointly\\s+)?by\\s+(${LIST})`) },
  { kind: 'implementing partner', pattern: re(`\\bin\\s+(?:an\\s+)?implementing\\s+partnership\\s+with\\s+(${LIST})`) },
  { kind: 'implementing partner', pattern: re(`\\bin\\s+(?:close\\s+)?(?:cooperation|co-operation|collaboration|partnership|coordination)\\s+with\\s+(${LIST})`) },
  { kind: 'partner', pattern: re(`\\bcounterparts?\\s+(?:is|are|include|includes|will\\s+be|were|was)\\s+(${LIST})`) },
  {
    kind: 'beneficiary',
    pattern: re(`\\b(?:main\\s+|final\\s+|direct\\s+)?beneficiar(?:y|ies)\\s+of\\s+the\\s+(?:project|programme|program|action|initiative)\\s+(?:is|are|will\\s+be|was|were|include|includes)\\s+(${LIST})`),
  },
  { kind: 'beneficiary', pattern: re(`\\b(?:project|programme)(?:'s|’s)?\\s+(?:main\\s+)?beneficiar(?:y|ies)\\s+(?:is|are|will\\s+be|include)\\s+(${LIST})`) },
  { kind: 'beneficiary', pattern: re(`\\b[Tt]he\\s+(?:main\\s+|direct\\s+|final\\s+|primary\\s+)?beneficiar(?:y|ies)\\s+(?:is|are|will\\s+be|include|includes)\\s+(${LIST})`) },
];

const RANGE = re(`\\b(?:for\\s+the\\s+period(?:\\s+from)?|from|between|running\\s+from|period\\s+of|covering)\\s+(${DATE})\\s+(?:to|until|till|through|and|–|—|-)\\s+(${DATE})`);
const START = re(`\\b(?:launched|started|began|kicked\\s+off|commenced|inaugurated|initiated)\\s+(?:on|in)\\s+(${DATE})`);
const END = re(`\\b(?:will\\s+run|runs|running|lasts|lasting|continues|will\\s+continue|ends?|ended|concluded|closed|completed)\\s+(?:until|in|on|till)\\s+(${DATE})`);
const NUMBER_WORDS = 'one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen|twenty-four|thirty-six';
const NUMBER_VALUES: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, eighteen: 18, 'twenty-four': 24, 'thirty-six': 36 };

const DURATION = [
  re(`\\bduration\\s+of\\s+(?:the\\s+)?(?:implementation|project|programme|action|initiative)\\s+(?:is|was|will\\s+be)\\s+(\\d{1,3})\\s+months\\b`),
  re(`\\b(\\d{1,3}|${NUMBER_WORDS})[-\\s](month|year)\\s+(?:[\\p{L}\\p{Lu}-]+\\s+){0,3}?(?:project|programme|initiative|action)\\b`),
  re(`\\b(?:for\\s+a\\s+(?:period|duration)\\s+of|will\\s+(?:run|last)\\s+for|lasting)\\s+(\\d{1,3})\\s+months\\b`),
];
/** "24", "three" as a number; with "year", in months. */
function monthsOf(count: string | undefined, unit: string | undefined): number | undefined {
  if (count === undefined) return undefined;
  const n = /^\d+$/.test(count) ? Number(count) : NUMBER_VALUES[count.toLowerCase()];
  if (n === undefined || n <= 0) return undefined;
  return /^year/i.test(unit ?? '') ? n * 12 : n;
}

const MONEY_CONTEXT = /budget|worth|valued|total|funding|funded|grant|contribution|allocat|financ|amount|cost/i;

/** Patterns naming the project itself; the first that holds names the page's project. */
const PROJECT_NAMES: readonly RegExp[] = [
  re(`\\b(?:project|programme|program|initiative|action)\\s+(?:on\\s+|entitled\\s+|titled\\s+|called\\s+|named\\s+)?[“"«]([^”"»]{5,200})[”"»](?:\\s*\\(([^()]{2,30})\\))?`),
  re(`\\b(?:project|programme|program|initiative|action)\\s+(?:on\\s+|entitled\\s+|titled\\s+|called\\s+|named\\s+)?‘((?:[^’]|’(?=\\p{L})){5,200}?)’(?![\\p{L}])(?:\\s*\\(([^()]{2,30})\\))?`),
  re(`[“"«]([^”"»]{5,200})[”"»]\\s*(?:\\(([^()]{2,30})\\)\\s*)?(?:project|programme|initiative)\\b`),
  re(`\\b(?:the|The)\\s+(${WORD}(?:\\s+(?:${CONNECTOR}\\s+|in\\s+)*${WORD}){1,15})\\s+(?:project|programme|Project|Programme)\\s*\\(([\\p{Lu}\\p{N}][\\p{Lu}\\p{N}\\- ]{1,20})\\)`),
  re(`\\b(?:the|The)\\s+(${WORD}(?:\\s+(?:${CONNECTOR}\\s+|in\\s+)*${WORD}){1,15})\\s*\\(([\\p{Lu}][\\p{Lu}\\p{N}\\-]{1,20})\\)\\s+(?:project|programme|initiative)\\b`),
  re(`\\b((?:Initiative|Project|Programme|Program)\\s+(?:to|for|on)\\s+[^.,;“”"]{5,200}?)\\s+(?:was|is|has\\s+been|will\\s+be)\\s+(?:made\\s+possible|funded|financed|implemented|launched|supported)`),
  // "The MIGNET project": the acronym alone names it.
  re(`\\b(?:the|The)\\s+((?=[\\p{Lu}\\p{N}-]*\\p{Lu}{2})[\\p{Lu}][\\p{Lu}\\p{N}-]{2,15})\\s+(?:project|programme)\\b`),
];

/** The sentences of a text, each verbatim (white space collapsed) and within one line. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .flatMap((line) => collapseWhitespace(line).split(/(?<=[.!?])\s+(?=[\p{Lu}“"‘(])/u))
    .filter((s) => s !== '');
}

/** The names a LIST capture writes, without a leading "the". */
function namesOf(capture: string): string {
  return capture.replace(/^(?:the|The)\s+/, '').replace(/[\s,;]+$/, '');
}

/**
 * Reads the participants, dates, length and budget that `sentences` state into `draft`,
 * each with its sentence as the excerpt, at `confidence`. `kinds` limits which participants
 * are read (a project page's body adds donors but not, say, counterparts).
 */
export function readProseFacts(sentences: readonly string[], draft: ProjectDraft, confidence: number, kinds?: ReadonlySet<LinkKind>): void {
  const seen = new Set(draft.mentions.map((m) => `${m.kind}\u0000${m.text}`));
  for (const sentence of sentences) {
    for (const { kind, pattern } of PARTICIPANTS) {
      if (kinds && !kinds.has(kind)) continue;
      for (const match of sentence.matchAll(pattern)) {
        const text = namesOf(match[1] ?? '');
        // "in cooperation with" names a partner of the implementer when the sentence names one.
        const actual: LinkKind = kind === 'implementing partner' && !/implement/i.test(sentence) ? 'partner' : kind;
        const key = `${actual}\u0000${text}`;
        if (text === '' || seen.has(key)) continue;
        seen.add(key);
        draft.mentions.push({ kind: actual, text, excerpt: sentence, several: true, ...(actual === 'beneficiary' ? { role: 'beneficiary' } : {}) });
        noteConfidence(draft, actual, confidence);
      }
    }
    if (!kinds) readProseDates(sentence, draft, confidence);
  }
}

function readProseDates(sentence: string, draft: ProjectDraft, confidence: number): void {
  const use = (field: 'start' | 'end' | 'durationMonths' | 'budget') => {
    if (!draft.evidence.includes(sentence)) draft.evidence.push(sentence);
    noteConfidence(draft, field, confidence);
  };
  for (const match of sentence.matchAll(RANGE)) {
    const start = readDate(match[1] ?? '');
    const end = readDate(match[2] ?? '');
    if (start && end && draft.start === undefined && draft.end === undefined && start <= end) {
      draft.start = start;
      draft.end = end;
      use('start');
      use('end');
    }
  }
  for (const match of sentence.matchAll(START)) {
    const start = readDate(match[1] ?? '');
    if (start && draft.start === undefined) {
      draft.start = start;
      use('start');
    }
  }
  for (const match of sentence.matchAll(END)) {
    const end = readDate(match[1] ?? '');
    if (end && draft.end === undefined && (draft.start === undefined || draft.start <= end)) {
      draft.end = end;
      use('end');
    }
  }
  for (const pattern of DURATION) {
    const match = [...sentence.matchAll(pattern)][0];
    const months = match ? monthsOf(match[1], match[2] ?? 'months') : undefined;
    if (months !== undefined && draft.durationMonths === undefined) {
      draft.durationMonths = months;
      use('durationMonths');
    }
  }
  if (draft.budget === undefined && MONEY_CONTEXT.test(sentence)) {
    const money = moneyIn(sentence);
    if (money && money.amount > 0) {
      draft.budget = money;
      use('budget');
    }
  }
}

/** The project a news page is about: its name (and acronym) and the sentence naming it. */
function projectNamed(sentences: readonly string[]): { name: string; acronym?: string; sentence: string } | undefined {
  for (const pattern of PROJECT_NAMES) {
    for (const sentence of sentences) {
      const match = [...sentence.matchAll(pattern)][0];
      if (!match) continue;
      let name = collapseWhitespace(match[1] ?? '').replace(/[\s,.;:]+$/, '');
      let acronym = match[2] ? collapseWhitespace(match[2]) : undefined;
      const inner = /^(.*?)\s*\(\s*([^()]+?)\s*\)$/.exec(name);
      if (inner && !acronym) {
        name = inner[1] ?? name;
        acronym = inner[2];
      }
      if (name.split(/\s+/).length < 2 && !/^[\p{Lu}\p{N}-]{3,}$/u.test(name)) continue;
      return { name, ...(acronym ? { acronym } : {}), sentence };
    }
  }
  return undefined;
}

const HEADLINE_CONFIDENCE = 0.4;

/**
 * A page that names its project in no sentence may be titled by it: the first line that reads
 * as a title (capitalised, four words or more, no closing full stop, not all capitals), with
 * the line after it when that continues it in lower case. Only used when the sentences state
 * facts of a project, and at a low confidence.
 */
function titleLine(text: string): { name: string; acronym?: string; sentence: string } | undefined {
  const lines = text.split(/\r\n|\r|\n/).map((l) => collapseWhitespace(l));
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const words = line.split(' ');
    if (words.length < 4 || words.length > 30 || !/^\p{Lu}/u.test(line) || /[.!?:;,]$/.test(line) || line === line.toUpperCase() || line.startsWith('- ')) continue;
    if (!/\b(?:project|programme|initiative|support|supporting|strengthening|enhancing|improving|building|promoting|combating|countering|preventing|protecting)\b/i.test(line)) continue;
    const next = lines[i + 1] ?? '';
    const name = /^\p{Ll}/u.test(next) && !/[.!?]$/.test(next) ? `${line} ${next}` : line;
    return { name, sentence: name };
  }
  return undefined;
}

/**
 * Reads a news page: the project it names (a quoted title after "project", "the … project
 * (ACRONYM)", "The Initiative to … was funded …") and the facts its sentences state. Null
 * when the page names no project or states no fact of one.
 */
export function parseNewsPage(text: string): PageDraft | null {
  const sentences = sentencesOf(text);
  const named = projectNamed(sentences) ?? titleLine(text);
  if (!named) return null;
  const draft = emptyDraft(named.name, [named.sentence], named.acronym);
  draft.review = true;
  noteConfidence(draft, 'name', named.sentence === named.name ? HEADLINE_CONFIDENCE : PROSE_CONFIDENCE);
  if (named.acronym) noteConfidence(draft, 'acronym', PROSE_CONFIDENCE);
  readProseFacts(sentences, draft, PROSE_CONFIDENCE);
  const facts = draft.mentions.length + [draft.start, draft.end, draft.durationMonths, draft.budget].filter((v) => v !== undefined).length;
  if (facts === 0) return null;
  draft.warnings.push(`${draft.acronym ?? draft.name}: read from the prose of a news page; confirm every fact against the page before loading.`);
  const headline = sentences.find((s) => s.length >= 20 && !/[.!?]$/.test(s)) ?? named.name;
  return { format: 'news', title: headline, projects: [draft] };
}
