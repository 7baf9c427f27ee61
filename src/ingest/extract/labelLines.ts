import { collapseWhitespace } from '../../domain/text';
import { dateTokens, emptyDraft, noteConfidence, parseDuration, readDate, type DraftField, type Mention, type PageDraft, type PageFormat, type ProjectDraft } from './drafts';
import { readProseFacts, sentencesOf } from './prose';
import { countryNamesIn, labelOf, labelledLine, moneyIn, statusOf, type FieldKind, type LabelRead } from './vocabulary';

/**
 * Pages whose fields are a label on one line and its value on the next:
 *
 * - an IOM project page (data/documents/001_…): site navigation, the title, then "Start Date",
 *   "End Date", "Project Status", "Project Type", "Budget Amount (USD)", "Coverage", "Year",
 *   "IDF Region", "Prima ID" or "Projects ID", "Benefiting Member States", in any order and
 *   subset, often each opened by a "-" line, a label sometimes with no value (the next line is
 *   the next label), then prose, which may name the countries when the field is empty;
 * - an ICMPD project page of the newer layout: "ACRONYM: Full title", then "Countries",
 *   "Status", "Duration" ("August 2019 to September 2021"), "Donors", "Partners", "Funding",
 *   then "Project Info", "Executive Summary" and prose; a value sometimes comes before its label.
 *
 * A value is the line after its label when that line is no label and fits the field (a date
 * for a date, a status for a status, …); otherwise the line before, when it fits and no other
 * label took it; otherwise the label is empty. A kind of field met twice starts the next
 * project, so several projects on a page are read one after the other.
 */

const IOM_PUBLISHER = 'International Organization for Migration (IOM)';
const ICMPD_PUBLISHER = 'International Centre for Migration Policy Development (ICMPD)';
const DASH = /^[-–—•|]+$/;
/** The kinds after which prose begins. */
const ENDS_FIELDS: ReadonlySet<FieldKind> = new Set(['section', 'summary', 'objective', 'downloads']);
/** Kinds whose value can be recognised on its own, so that a value before its label can be taken. */
const SELF_EVIDENT: ReadonlySet<FieldKind> = new Set(['start', 'end', 'duration', 'status', 'budget', 'countries', 'primaId', 'projectsId', 'year']);
const ACRONYM_TITLE = /^([\p{Lu}\p{N}][\p{Lu}\p{N}&/.-]*\p{Lu}[\p{Lu}\p{N}&/.-]*(?:\s+(?:[IVX]+|\d+|\p{Lu}{2,}))?)\s*[:–—]\s+(\S.+)$/u;
const PAREN_TITLE = /^(.*?)\s*\(\s*([^()]+?)\s*\)\s*$/;

interface Line {
  text: string;
  label?: LabelRead;
  /** Its line in the page, for excerpts that span label and value exactly as the page has them. */
  at: number;
}

interface Field {
  label: LabelRead;
  value: string;
  /** Further values on the lines below ("Donors" with one donor a line). */
  more: string[];
  excerpt: string;
  /** The value came before its label. */
  before: boolean;
}

interface Segment {
  titleAt: number;
  fields: Field[];
  /** Index of the first line after the fields. */
  end: number;
}

/**
 * The page's lines without blank and "-" lines, each label recognised; "Start Date<TAB>2018"
 * (label and value on one line, apart by a tab or wide space) is a label line and a value line.
 */
function linesOf(raw: readonly string[]): Line[] {
  const lines: Line[] = [];
  raw.forEach((rawLine, at) => {
    const l = rawLine.trim();
    if (l === '' || DASH.test(l)) return;
    const split = /^(.{3,60}?)(?:\t+|\s{3,})(\S.*)$/.exec(l);
    const left = split ? labelOf(split[1] ?? '') : undefined;
    if (split && left && !ENDS_FIELDS.has(left.kind)) {
      lines.push({ text: (split[1] ?? '').trim(), label: left, at }, { text: (split[2] ?? '').trim(), at });
      return;
    }
    const label = /:\s*\S/.test(l) ? undefined : labelOf(l);
    lines.push(label ? { text: l, label, at } : { text: l, at });
  });
  return lines;
}

/** The page's text from one line to another, white space collapsed: a verbatim excerpt. */
function spanOf(raw: readonly string[], a: Line, b: Line): string {
  return collapseWhitespace(raw.slice(Math.min(a.at, b.at), Math.max(a.at, b.at) + 1).join('\n'));
}

/** Kinds whose value may run over several lines, one name a line. */
const LISTS: ReadonlySet<FieldKind> = new Set(['donors', 'partners', 'implementingPartners', 'implementers', 'beneficiaries', 'countries']);

const NAME_LIKE = /^[\p{Lu}\p{N}“"]/u;

/** Whether a line can be the value of a field of `kind`. */
function fits(kind: FieldKind, value: string, label: LabelRead): boolean {
  switch (kind) {
    case 'start':
    case 'end':
    case 'duration':
      return dateTokens(value).length > 0 || /\b\d{1,3}\s*(?:months?|years?)\b/i.test(value);
    case 'year':
      return /^\d{4}$/.test(value);
    case 'status':
      return statusOf(value) !== undefined;
    case 'budget':
      return moneyIn(value, label.currency ?? 'USD') !== undefined || NAME_LIKE.test(value);
    case 'countries':
      return countryNamesIn(value).length > 0;
    case 'primaId':
    case 'projectsId':
      return /^[\p{L}\p{N}][\p{L}\p{N}./-]{2,30}$/u.test(value) && /\d/.test(value);
    case 'donors':
    case 'implementers':
    case 'implementingPartners':
    case 'partners':
    case 'beneficiaries':
    case 'manager':
      // A name: capitalised, not a sentence, not a date.
      return NAME_LIKE.test(value) && !/[.!?]$/.test(value) && dateTokens(value).length === 0 && value.length <= 300;
    default:
      return value.length <= 300;
  }
}

/** Whether a line, seen without its label, is clearly a value of `kind` (to take it before its label). */
function fitsStrictly(kind: FieldKind, value: string, label: LabelRead): boolean {
  if (!SELF_EVIDENT.has(kind) || /[.!?]$/.test(value)) return false;
  if (kind === 'budget') return moneyIn(value, label.currency) !== undefined;
  return fits(kind, value, label);
}

/** The title line before the first label at `first`: not a label, a nav bullet, nor a value taken. */
function titleBefore(lines: Line[], first: number, floor: number, taken: Set<number>): number {
  const candidates: number[] = [];
  for (let i = first - 1; i > floor && candidates.length < 5; i--) {
    const line = lines[i];
    if (!line || line.label || taken.has(i) || line.text.startsWith('- ') || /[.!?:]$/.test(line.text)) continue;
    candidates.push(i);
  }
  // Nearest first: a title with its acronym, else one of three words or more ("Share this
  // page", "Projects" between title and fields are not titles), else the nearest line.
  const text = (i: number) => lines[i]?.text ?? '';
  return (
    candidates.find((i) => ACRONYM_TITLE.test(text(i)) || PAREN_TITLE.test(text(i))) ??
    candidates.find((i) => text(i).split(/\s+/).length >= 3 && !/\b(?:share|print|download|subscribe|cookies?|menu|search)\b/i.test(text(i))) ??
    candidates[0] ??
    -1
  );
}

function readSegments(lines: Line[], raw: readonly string[]): Segment[] {
  const segments: Segment[] = [];
  const taken = new Set<number>();
  const isFieldLabel = (k: number): boolean => {
    const label = lines[k]?.label;
    return label !== undefined && !ENDS_FIELDS.has(label.kind);
  };
  let floor = -1;
  let i = lines.findIndex((_, k) => isFieldLabel(k));
  while (i >= 0) {
    const first = i;
    let titleAt = titleBefore(lines, first, floor, taken);
    const fields: Field[] = [];
    const kinds = new Set<FieldKind>();
    const take = (label: LabelRead, at: number, labelAt: number, before: boolean): number => {
      const valueLine = lines[at];
      const labelLine = lines[labelAt];
      if (!valueLine || !labelLine) return 0;
      const field: Field = { label, value: valueLine.text, more: [], excerpt: spanOf(raw, labelLine, valueLine), before };
      taken.add(at);
      fields.push(field);
      if (before || !LISTS.has(label.kind)) return 0;
      // One name a line: further lines belong to the list until a label, a sentence, or a line
      // that is the value of the label right after it (a value before its label).
      let extra = 0;
      for (let k = at + 1; k < lines.length; k++) {
        const line = lines[k];
        const next = lines[k + 1];
        if (!line || line.label || taken.has(k) || /[.!?]$/.test(line.text) || line.text.length > 200 || !NAME_LIKE.test(line.text)) break;
        if (!next) break;
        if (next.label) {
          // The next label starts another project, or this line is its value, written before it.
          if (ENDS_FIELDS.has(next.label.kind) || kinds.has(next.label.kind)) break;
          const nextValue = lines[k + 2];
          if ((nextValue === undefined || nextValue.label) && fitsStrictly(next.label.kind, line.text, next.label)) break;
        }
        field.more.push(line.text);
        field.excerpt = spanOf(raw, labelLine, line);
        taken.add(k);
        extra++;
      }
      return extra;
    };
    let j = first;
    for (; j < lines.length; j++) {
      const line = lines[j];
      if (!line) break;
      if (!line.label) {
        // A line no label took: a value before the next label, or the start of prose.
        if (taken.has(j)) continue;
        const nextLabel = lines[j + 1]?.label;
        if (isFieldLabel(j + 1) && nextLabel && !kinds.has(nextLabel.kind)) continue;
        break;
      }
      if (ENDS_FIELDS.has(line.label.kind) || kinds.has(line.label.kind)) break;
      const label = line.label;
      kinds.add(label.kind);
      const after = lines[j + 1];
      const afterFree = after !== undefined && !after.label && !taken.has(j + 1);
      const before = lines[j - 1];
      const beforeFree = before !== undefined && !before.label && !taken.has(j - 1) && j - 1 !== titleAt && j - 1 > floor && j - 1 >= first;
      const sentence = (t: string) => /[.!?]$/.test(t) || t.length > 200;
      if (afterFree && fits(label.kind, after.text, label) && !sentence(after.text)) {
        j += 1 + take(label, j + 1, j, false);
      } else if (beforeFree && (fitsStrictly(label.kind, before.text, label) || (!afterFree && !sentence(before.text) && fits(label.kind, before.text, label)))) {
        // A value before its label: one that only this kind of field has, or any value when
        // the label has none after it (a free line inside the fields belongs to some label).
        take(label, j - 1, j, true);
      } else if (j === first && titleAt >= 0 && !afterFree && fitsStrictly(label.kind, lines[titleAt]?.text ?? '', label)) {
        // The first label's value stands before it, where the title was looked for.
        const valueAt = titleAt;
        take(label, valueAt, j, true);
        titleAt = titleBefore(lines, valueAt, floor, taken);
      } else if (afterFree && !sentence(after.text) && (!SELF_EVIDENT.has(label.kind) || lines[j + 2] === undefined || lines[j + 2]?.label)) {
        // A value that does not look like one (an unreadable date) is kept, so that the reader says so.
        j += 1 + take(label, j + 1, j, false);
      } else {
        fields.push({ label, value: '', more: [], excerpt: line.text, before: false });
      }
    }
    segments.push({ titleAt, fields, end: j });
    floor = j - 1;
    i = lines.findIndex((_, k) => k >= j && isFieldLabel(k));
  }
  return segments.filter((s) => s.fields.filter((f) => f.value !== '' && f.label.kind !== 'title').length >= 2 && (s.titleAt >= 0 || s.fields.some((f) => f.label.kind === 'title' && f.value !== '')));
}

/** Which of the two shapes a page is, by its labels, title and the organisation it names. */
function formatOf(text: string, lines: Line[], segments: Segment[]): PageFormat {
  const labelTexts = lines.filter((l) => l.label).map((l) => (l.label?.text ?? '').toLowerCase());
  let iom = 0;
  let icmpd = 0;
  for (const t of labelTexts) {
    if (/prima|projects id|benefiting member|idf region|budget amount|project type|coverage|start date|end date|project status/.test(t)) iom++;
    if (/^(executive summary|project info|funding|donors|partners|countries|status|duration)$/.test(t)) icmpd++;
  }
  if (segments.some((s) => ACRONYM_TITLE.test(lines[s.titleAt]?.text ?? ''))) icmpd += 3;
  if (/\bICMPD\b|International Centre for Migration Policy Development/.test(text)) icmpd += 1;
  if (/\bIOM\b|International Organization for Migration/.test(text)) iom += 1;
  return icmpd > iom ? 'icmpd-project-page' : 'iom-project-page';
}

/** Parses a page of label and value lines into project drafts; null when it is not one. */
export function parseLabelLines(text: string): PageDraft | null {
  const raw = text.split(/\r\n|\r|\n/);
  const lines = linesOf(raw);
  const fieldLabels = lines.filter((l) => l.label && !ENDS_FIELDS.has(l.label.kind));
  // A page of "Label: value" lines is for the block reader (icmpdListing.ts); prose such as "Photo: …" is no label.
  const labelled = raw.filter((l) => l.includes(':') && labelledLine(l) !== undefined && labelledLine(l)?.value !== '').length;
  if (fieldLabels.length < 3 || new Set(fieldLabels.map((l) => l.label?.kind)).size < 3 || labelled > fieldLabels.length) return null;
  const segments = readSegments(lines, raw);
  if (segments.length === 0) return null;
  const format = formatOf(text, lines, segments);
  const drafts = segments.map((segment, n) => {
    const proseEnd = segments[n + 1]?.titleAt ?? lines.length;
    const prose = lines.slice(segment.end, proseEnd).filter((l) => !l.label).map((l) => l.text);
    return toDraft(text, segment.titleAt >= 0 ? (lines[segment.titleAt]?.text ?? '') : '', segment.fields, prose, format);
  });
  return {
    format,
    title: drafts[0]?.name ?? 'Project page',
    publisher: format === 'iom-project-page' ? IOM_PUBLISHER : ICMPD_PUBLISHER,
    projects: drafts,
  };
}

const SURE = 0.95;
const LESS_SURE = 0.7;

function toDraft(text: string, titleLine: string, fields: Field[], prose: string[], format: PageFormat): ProjectDraft {
  const titled = fields.find((f) => f.label.kind === 'title' && f.value !== '');
  const title = collapseWhitespace(titled ? titled.value : titleLine);
  const acronymFirst = ACRONYM_TITLE.exec(title);
  const paren = PAREN_TITLE.exec(title);
  const name = acronymFirst ? (acronymFirst[2] ?? title) : paren ? (paren[1] ?? title) : title;
  const acronym = acronymFirst ? acronymFirst[1] : paren ? paren[2] : undefined;
  const draft = emptyDraft(collapseWhitespace(name), [title], acronym);
  noteConfidence(draft, 'name', 0.85);
  if (acronym) noteConfidence(draft, 'acronym', 0.85);
  for (const field of fields) if (field.value !== '') readField(field, draft);
  readBody(prose, fields, draft);
  if (format === 'iom-project-page') implementedByIom(text, fields, draft);
  return draft;
}

function readField(field: Field, draft: ProjectDraft): void {
  const confidence = field.before ? LESS_SURE : SURE;
  const use = (what: DraftField) => {
    draft.evidence.push(field.excerpt);
    noteConfidence(draft, what, confidence);
  };
  // A list over several lines is one mention a line, each citing the whole field.
  const mention = (m: Mention) => {
    for (const text of [m.text, ...field.more]) draft.mentions.push({ ...m, text });
    noteConfidence(draft, m.kind, confidence);
  };
  const { label, value, excerpt } = field;
  switch (label.kind) {
    case 'start':
    case 'end': {
      const date = readDate(value);
      if (date === undefined) {
        draft.warnings.push(`could not read the date in "${excerpt}"`);
        return;
      }
      if (label.kind === 'start') draft.start = date;
      else draft.end = date;
      return use(label.kind);
    }
    case 'duration': {
      const read = parseDuration(value);
      if (read.start) draft.start = read.start;
      if (read.end) draft.end = read.end;
      if (read.phases.length > 0) draft.phases = read.phases;
      if (read.durationMonths !== undefined) draft.durationMonths = read.durationMonths;
      for (const problem of read.problems) draft.warnings.push(`${draft.acronym ?? draft.name}: ${problem} in "${excerpt}"`);
      if (read.start || read.end || read.durationMonths !== undefined) {
        draft.evidence.push(excerpt);
        for (const what of ['start', 'end', 'durationMonths'] as const) if (draft[what] !== undefined) noteConfidence(draft, what, confidence);
      }
      return;
    }
    case 'status':
      draft.statusText = value;
      return use('status');
    case 'projectType':
      draft.projectType = value;
      return use('projectType');
    case 'coverage':
      draft.coverage = value;
      return use('coverage');
    case 'budget': {
      const money = moneyIn(value, label.currency ?? (draft.acronym === undefined ? 'USD' : undefined));
      if (money) {
        draft.budget = money;
        return use('budget');
      }
      // "Funding: European Union" names the donor rather than an amount.
      if (NAME_LIKE.test(value) && dateTokens(value).length === 0) return mention({ kind: 'donor', text: value, excerpt, several: true });
      draft.warnings.push(`could not read the amount in "${excerpt}"`);
      return;
    }
    case 'primaId':
    case 'projectsId':
      draft.identifiers.push({ scheme: label.kind === 'primaId' ? 'IOM Prima ID' : 'IOM Projects ID', value });
      return use('identifiers');
    case 'countries':
      return mention({ kind: 'country', text: value, excerpt, several: true });
    case 'donors':
      return mention({ kind: 'donor', text: value, excerpt, several: label.plural });
    case 'implementers':
      return mention({ kind: 'implementer', text: value, excerpt, several: label.plural });
    case 'implementingPartners':
      return mention({ kind: 'implementing partner', text: value, excerpt, several: true });
    case 'partners':
      return mention({ kind: 'partner', text: value, excerpt, several: true });
    case 'beneficiaries':
      return mention({ kind: 'beneficiary', text: value, excerpt, several: label.plural, role: /^main/i.test(label.text) ? 'main beneficiary' : 'beneficiary' });
    case 'manager':
      return mention({ kind: 'person', text: value, excerpt, several: false, role: 'Project Manager' });
    default:
      return undefined;
  }
}

const AIM = /\b(aims?\s+to|aimed\s+to|seeks?\s+to|objectives?\s+(?:is|was|of)|purpose\s+(?:is|was|of)|designed\s+to|intends?\s+to)\b/i;

/**
 * The prose after the fields: the sentence stating the aim (or the first) as the description;
 * the countries it names when "Benefiting Member States" was empty; donors it names.
 */
function readBody(prose: string[], fields: Field[], draft: ProjectDraft): void {
  const sentences = prose.flatMap((p) => sentencesOf(p));
  const aim = sentences.find((s) => AIM.test(s)) ?? sentences.find((s) => /[.!?]$/.test(s) && s.split(/\s+/).length >= 6);
  if (aim) {
    draft.description = aim;
    draft.evidence.push(aim);
    noteConfidence(draft, 'description', LESS_SURE);
  }
  const countriesField = fields.find((f) => f.label.kind === 'countries');
  if (countriesField && countriesField.value === '') {
    const seen = new Set<string>();
    for (const sentence of sentences) {
      for (const country of countryNamesIn(sentence)) {
        if (seen.has(country.iso)) continue;
        seen.add(country.iso);
        draft.mentions.push({ kind: 'country', text: country.name, excerpt: sentence, several: false });
        noteConfidence(draft, 'country', 0.6);
      }
    }
  }
  if (!draft.mentions.some((m) => m.kind === 'donor')) readProseFacts(sentences, draft, 0.6, new Set(['donor']));
}

const IOM_NAME = /International Organization for Migration|\bIOM\b/;

/**
 * IOM assigns Prima and Projects IDs to the projects it implements, so a page giving one names
 * IOM as the implementer (the seed reads document 001 the same way), as the page writes IOM's
 * name; the ID line is the evidence. A page that does not write IOM's name gets no implementer.
 */
function implementedByIom(text: string, fields: Field[], draft: ProjectDraft): void {
  if (draft.mentions.some((m) => m.kind === 'implementer')) return;
  const id = fields.find((f) => (f.label.kind === 'primaId' || f.label.kind === 'projectsId') && f.value !== '');
  const name = IOM_NAME.exec(text)?.[0];
  if (!id || !name) return;
  draft.mentions.push({ kind: 'implementer', text: name, excerpt: id.excerpt, several: false });
  noteConfidence(draft, 'implementer', 0.8);
}
