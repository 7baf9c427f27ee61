import { normaliseName } from '../../domain/names';
import { collapseWhitespace } from '../../domain/text';
import { parsePartialDate } from '../../domain/partialDate';
import { dateTokens, toPartialDate, type DateToken, type Mention, type PageDraft, type PhaseDraft, type ProjectDraft } from './drafts';

/**
 * An ICMPD project listing (data/documents/002_…): an optional heading ("Ongoing Projects"),
 * then projects, each a title line "Full Title (ACRONYM)" followed by labelled paragraphs
 * ("Objective:", "Summary:", "Donor:", "Implementing Agency:", "Main Beneficiary:",
 * "Duration:", "Country:", "Project Manager:", "Downloads…"). The summary is read past and
 * never emitted: it is long prose, the place where a page could tell a person's story, and
 * the format has a field for every fact the extractor keeps.
 */

const PUBLISHER = 'International Centre for Migration Policy Development (ICMPD)';

/** A labelled paragraph. */
interface Field {
  label: string;
  value: string;
  /** The whole paragraph, white space collapsed: a verbatim excerpt. */
  line: string;
}

interface RawProject {
  titleLine: string;
  heading?: string;
  fields: Field[];
}

// A colon is required so that prose such as "Country of origin information …" in a summary
// is never mistaken for a field; "Objective:" may lack the space after its colon.
const FIELD = /^(objectives?|summary|donors?|funded by|implementing agenc(?:y|ies)|implementing partners?|main beneficiar(?:y|ies)|beneficiar(?:y|ies)|duration|countr(?:y|ies)|project managers?|downloads?)\s*:\s*(.*)$/i;
// The seed page prints "DownloadsFull project description (PDF)", without a colon or space;
// the capital letter after it tells the label from prose such as "Downloads of the report".
const DOWNLOADS = /^Downloads?(?=\s*\p{Lu}|$)/u;
const OBJECTIVE = /^objectives?\s*:/i;
const HEADING = /^(ongoing|current|active|completed|past|closed|finished|planned|upcoming|forthcoming|pipeline)\s+projects$/i;
const TITLE = /^(.*?)\s*\(\s*([^()]+?)\s*\)\s*$/;

/** Non-blank lines, trimmed (no-break spaces included); a blank line only separates paragraphs. */
function paragraphs(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function isTitle(lines: string[], i: number): boolean {
  const next = lines[i + 1];
  return next !== undefined && OBJECTIVE.test(next) && !OBJECTIVE.test(lines[i] ?? '') && !FIELD.test(lines[i] ?? '');
}

function splitProjects(lines: string[]): RawProject[] {
  const projects: RawProject[] = [];
  let heading: string | undefined;
  let current: RawProject | undefined;
  lines.forEach((line, i) => {
    if (HEADING.test(line)) {
      // A heading sets the status of the projects below it, and ends the project above it.
      heading = line;
      current = undefined;
    } else if (isTitle(lines, i)) {
      current = { titleLine: line, heading, fields: [] };
      projects.push(current);
    } else if (current) {
      addLine(current, line);
    }
  });
  return projects;
}

function addLine(project: RawProject, line: string): void {
  const match = FIELD.exec(line);
  if (match) {
    project.fields.push({ label: normaliseName(match[1] ?? ''), value: (match[2] ?? '').trim(), line: collapseWhitespace(line) });
  } else if (DOWNLOADS.test(line)) {
    project.fields.push({ label: 'downloads', value: line.replace(DOWNLOADS, '').trim(), line: collapseWhitespace(line) });
  } else {
    // Unlabelled paragraphs continue the field above: a summary's further paragraphs and
    // bullets, a footnote under "Country:". They are read past, except that a label alone on
    // its line ("Donor:") takes the paragraph below as its value, the excerpt spanning both
    // (the line break between them is white space, which the evidence check collapses).
    const field = project.fields.at(-1);
    if (field && field.value === '') {
      field.value = collapseWhitespace(line);
      field.line = collapseWhitespace(`${field.line} ${line}`);
    }
  }
}

/**
 * Parses an ICMPD project listing into project drafts; null when the text is not one (no
 * title line followed by an "Objective:" paragraph).
 */
export function parseIcmpdListing(text: string): PageDraft | null {
  const lines = paragraphs(text);
  const raw = splitProjects(lines);
  if (raw.length === 0) return null;
  const heading = lines.find((line) => HEADING.test(line));
  return {
    format: 'icmpd-listing',
    title: heading ?? 'ICMPD project listing',
    publisher: PUBLISHER,
    projects: raw.map(toDraft),
  };
}

function fieldsNamed(project: RawProject, ...labels: string[]): Field[] {
  return project.fields.filter((f) => labels.includes(f.label));
}

function toDraft(project: RawProject): ProjectDraft {
  const title = TITLE.exec(project.titleLine);
  // "Kosovo* (MIMAK II)": the star is a footnote mark, not part of the name.
  const name = (title ? (title[1] ?? '') : project.titleLine).replace(/[*†]+$/, '').trim();
  const draft: ProjectDraft = {
    name: collapseWhitespace(name),
    acronym: title?.[2] ? collapseWhitespace(title[2]) : undefined,
    phases: [],
    identifiers: [],
    evidence: [collapseWhitespace(project.titleLine)],
    mentions: [],
    warnings: [],
  };
  if (project.heading) {
    draft.statusText = project.heading.replace(/\s+projects$/i, '');
    draft.evidence.push(project.heading);
  }
  readObjective(project, draft);
  readDuration(project, draft);
  readMentions(project, draft);
  return draft;
}

function readObjective(project: RawProject, draft: ProjectDraft): void {
  const objective = fieldsNamed(project, 'objective', 'objectives')[0];
  if (!objective || objective.value === '') return;
  draft.description = collapseWhitespace(objective.value);
  draft.evidence.push(objective.line);
}

function readDuration(project: RawProject, draft: ProjectDraft): void {
  const duration = fieldsNamed(project, 'duration')[0];
  if (!duration || duration.value === '') return;
  const read = parseDuration(duration.value);
  draft.start = read.start;
  draft.end = read.end;
  draft.phases = read.phases;
  draft.durationMonths = read.durationMonths;
  draft.evidence.push(duration.line);
  for (const problem of read.problems) draft.warnings.push(`${draft.acronym ?? draft.name}: ${problem} in "${duration.line}"`);
}

function readMentions(project: RawProject, draft: ProjectDraft): void {
  const push = (mention: Mention) => {
    if (mention.text !== '') draft.mentions.push(mention);
  };
  for (const f of fieldsNamed(project, 'donor', 'donors', 'funded by')) {
    push({ kind: 'donor', text: f.value, excerpt: f.line, several: f.label === 'donors' });
  }
  for (const f of fieldsNamed(project, 'implementing agency', 'implementing agencies')) {
    implementerMentions(f).forEach(push);
  }
  for (const f of fieldsNamed(project, 'implementing partner', 'implementing partners')) {
    push({ kind: 'implementing partner', text: f.value, excerpt: f.line, several: f.label.endsWith('s') });
  }
  for (const f of fieldsNamed(project, 'main beneficiary', 'main beneficiaries', 'beneficiary', 'beneficiaries')) {
    const role = f.label.startsWith('main') ? 'main beneficiary' : 'beneficiary';
    push({ kind: 'beneficiary', text: f.value, excerpt: f.line, several: f.label.endsWith('ies'), role });
  }
  for (const f of fieldsNamed(project, 'country', 'countries')) {
    push({ kind: 'country', text: f.value, excerpt: f.line, several: true });
  }
  for (const f of fieldsNamed(project, 'project manager', 'project managers')) {
    push({ kind: 'person', text: f.value, excerpt: f.line, several: f.label.endsWith('s'), role: 'Project Manager' });
  }
}

// "X, in cooperation with Y" / "X in partnership with Y": X leads, Y is an implementing partner.
const PARTNERSHIP = /,?\s+in\s+(?:close\s+)?(?:cooperation|co-operation|partnership|collaboration)\s+with\s+/i;

/** The lead implementer(s) and partner(s) named in one "Implementing Agency:" paragraph. */
function implementerMentions(field: Field): Mention[] {
  const [lead = '', ...partners] = field.value.split(PARTNERSHIP);
  const several = field.label.endsWith('ies');
  return [
    { kind: 'implementer', text: lead.trim(), excerpt: field.line, several },
    ...partners.map((p): Mention => ({ kind: 'implementing partner', text: p.trim(), excerpt: field.line, several: false })),
  ];
}

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
  const durationMonths = months ? Number(months[1]) : undefined;
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
