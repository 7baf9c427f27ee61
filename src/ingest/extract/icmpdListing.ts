import { collapseWhitespace } from '../../domain/text';
import { emptyDraft, noteConfidence, parseDuration, readDate, type DraftField, type Mention, type PageDraft, type PageFormat, type ProjectDraft } from './drafts';
import { STATUS_HEADING, labelOf, labelledLine, looksLikeOrganisation, moneyIn, type FieldKind, type LabelRead } from './vocabulary';

export { parseDuration, type Duration } from './drafts';

/**
 * Pages of blocks: a title line, then "Label: value" lines (or a label alone on its line and
 * its value on the next, or a label run into its value, "DonorsThe Foreign …"), then prose,
 * and the next block. Two shapes are written so:
 *
 * - an ICMPD project listing of the older layout (data/documents/002_…): an optional heading
 *   ("Ongoing Projects", "Past projects of the Centre"), then per project a title "Full Title
 *   (ACRONYM)", "Objective:", "Summary:", "Donor:"/"Donors", "Implementing Agency:",
 *   "Duration:" (a range, or phases "First Phase: … ; Second Phase: …"), "Country:"/
 *   "Countries:", "Project Manager:"/"Project Manager/Co-Author:", "Downloads…";
 * - an IOM country office's project list: a title, "Donor:" (or the donor alone on the next
 *   line), "Duration: October 2009 – March 2013", "Partners:", "Status: Completed", prose.
 *
 * Labels come from the synonym table of vocabulary.ts. The summary and the prose between
 * fields are read past and never emitted: long prose is where a page could tell a person's
 * story, and the dataset has a field for every fact kept.
 */

const ICMPD_PUBLISHER = 'International Centre for Migration Policy Development (ICMPD)';
const IOM_PUBLISHER = 'International Organization for Migration (IOM)';

/** A labelled paragraph. */
interface Field {
  label: LabelRead;
  value: string;
  /** The label and its value, white space collapsed: a verbatim excerpt. */
  line: string;
}

interface RawProject {
  titleLine: string;
  heading?: string;
  fields: Field[];
}

const TITLE = /^(.*?)\s*\(\s*([^()]+?)\s*\)\s*$/;
/** The kinds that make a block of a project rather than a stray labelled line. */
const FACT_KINDS: ReadonlySet<FieldKind> = new Set(['title', 'objective', 'donors', 'implementers', 'implementingPartners', 'partners', 'beneficiaries', 'duration', 'start', 'end', 'countries', 'manager', 'status', 'budget', 'primaId', 'projectsId']);

/** Non-blank lines, trimmed (no-break spaces included); a blank line only separates paragraphs. */
function paragraphs(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** A field line: "Label: value", a run-in label, or a label alone on its line (its value follows). */
function fieldOf(line: string): Field | undefined {
  const labelled = labelledLine(line);
  if (labelled) return { label: labelled.label, value: labelled.value, line: collapseWhitespace(line) };
  const alone = labelOf(line);
  if (alone && alone.kind !== 'section') return { label: alone, value: '', line: collapseWhitespace(line) };
  return undefined;
}

/** The seed page prints "DownloadsFull project description (PDF)"; downloads end nothing but are read past. */
function looksLikeTitle(line: string): boolean {
  if (line.length < 3 || line.length > 220 || line.split(/\s+/).length > 30) return false;
  if (!/^[\p{Lu}\p{N}]/u.test(line) || /[.:;,!?]$/.test(line)) return false;
  return !STATUS_HEADING.test(line);
}

function isTitle(lines: string[], i: number): boolean {
  const line = lines[i] ?? '';
  const next = lines[i + 1];
  if (next === undefined || fieldOf(line) || labelOf(line) || !looksLikeTitle(line)) return false;
  const field = fieldOf(next);
  return field !== undefined && FACT_KINDS.has(field.label.kind);
}

/** A "Project Title: …" line with its value. */
function titleField(line: string): Field | undefined {
  const field = fieldOf(line);
  return field && field.label.kind === 'title' && field.value !== '' ? field : undefined;
}

function splitProjects(lines: string[]): RawProject[] {
  const projects: RawProject[] = [];
  let heading: string | undefined;
  let current: RawProject | undefined;
  lines.forEach((line, i) => {
    if (STATUS_HEADING.test(line)) {
      // A heading sets the status of the projects below it, and ends the project above it.
      heading = line;
      current = undefined;
    } else if (titleField(line) && (!current || current.fields.some((f) => f.label.kind === 'title'))) {
      // "Project Title: …" opens a project of its own.
      const field = titleField(line);
      current = { titleLine: field?.value ?? line, heading, fields: field ? [field] : [] };
      projects.push(current);
    } else if (isTitle(lines, i) && !(current?.fields.at(-1)?.value === '')) {
      const before = lines[i - 1];
      // "Title / European Union / Duration: …": a donor named alone on the line under the title.
      if (before !== undefined && looksLikeTitle(before) && !fieldOf(before) && !STATUS_HEADING.test(before) && looksLikeOrganisation(line) && (!current || projects.at(-1)?.titleLine !== before)) {
        const donor = labelOf('Donor');
        current = { titleLine: before, heading, fields: donor ? [{ label: donor, value: line, line: collapseWhitespace(line) }] : [] };
      } else current = { titleLine: line, heading, fields: [] };
      projects.push(current);
    } else if (current) {
      addLine(current, line);
    }
  });
  return projects.filter((p) => p.fields.filter((f) => FACT_KINDS.has(f.label.kind)).length >= 2 || p.fields.some((f) => f.label.kind === 'objective'));
}

function addLine(project: RawProject, line: string): void {
  const field = fieldOf(line);
  if (field) {
    project.fields.push(field);
    return;
  }
  if (labelOf(line)?.kind === 'section') return;
  // Unlabelled paragraphs continue the field above: a summary's further paragraphs and
  // bullets, a footnote under "Country:". They are read past, except that a label alone on
  // its line ("Donor:") takes the paragraph below as its value, the excerpt spanning both
  // (the line break between them is white space, which the evidence check collapses).
  const last = project.fields.at(-1);
  if (last && last.value === '') {
    last.value = collapseWhitespace(line);
    last.line = collapseWhitespace(`${last.line} ${line}`);
  }
}

/** Which of the two shapes a page of blocks is: ICMPD's fields and titles, or IOM's. */
function formatOf(text: string, projects: RawProject[]): PageFormat {
  const icmpdFields = projects.some((p) => p.fields.some((f) => ['objective', 'implementers', 'manager', 'summary'].includes(f.label.kind)) || TITLE.test(p.titleLine));
  if (/\bICMPD\b|International Centre for Migration Policy Development/.test(text) || icmpdFields) return 'icmpd-listing';
  // "Start Date: …", "Prima ID: …" and no duration: an IOM project page copied with colons.
  const iomProjectFields = projects.every((p) => p.fields.some((f) => ['primaId', 'projectsId', 'start', 'projectType'].includes(f.label.kind)) && !p.fields.some((f) => f.label.kind === 'duration'));
  return iomProjectFields ? 'iom-project-page' : 'iom-country-office';
}

/**
 * Parses a page of project blocks into drafts; null when the text has none (no title line
 * followed by labelled fields of a project).
 */
export function parseIcmpdListing(text: string): PageDraft | null {
  const lines = paragraphs(text);
  const raw = splitProjects(lines);
  if (raw.length === 0) return null;
  const format = formatOf(text, raw);
  const heading = lines.find((line) => STATUS_HEADING.test(line));
  const drafts = raw.map(toDraft);
  if (format === 'iom-country-office' || format === 'iom-project-page') for (const draft of drafts) implementedByIom(lines, draft);
  const publisher = format === 'icmpd-listing' ? ICMPD_PUBLISHER : format === 'iom-project-page' ? IOM_PUBLISHER : /\bIOM\b|International Organization for Migration/.test(text) ? IOM_PUBLISHER : undefined;
  return {
    format,
    title: heading ?? (format === 'icmpd-listing' ? 'ICMPD project listing' : (drafts[0]?.name ?? 'IOM country office projects')),
    ...(publisher ? { publisher } : {}),
    projects: drafts,
  };
}

function toDraft(project: RawProject): ProjectDraft {
  const titled = project.fields.find((f) => f.label.kind === 'title' && f.value !== '');
  if (titled) project.titleLine = titled.value;
  const title = TITLE.exec(project.titleLine);
  // "Kosovo* (MIMAK II)": the star is a footnote mark, not part of the name.
  const name = (title ? (title[1] ?? '') : project.titleLine).replace(/[*†]+$/, '').trim();
  const draft = emptyDraft(collapseWhitespace(name), [collapseWhitespace(project.titleLine)], title?.[2] ? collapseWhitespace(title[2]) : undefined);
  noteConfidence(draft, 'name', 0.9);
  if (draft.acronym) noteConfidence(draft, 'acronym', 0.9);
  if (project.heading) {
    draft.statusText = project.heading.replace(/\s+projects\b.*$/i, '');
    draft.evidence.push(project.heading);
    noteConfidence(draft, 'status', 0.8);
  }
  for (const field of project.fields) if (field.value !== '') readField(field, draft);
  return draft;
}

const CONFIDENT = 0.9;

function readField(field: Field, draft: ProjectDraft): void {
  const use = (what: DraftField) => {
    draft.evidence.push(field.line);
    noteConfidence(draft, what, CONFIDENT);
  };
  const mention = (m: Mention) => {
    if (m.text === '') return;
    draft.mentions.push(m);
    noteConfidence(draft, m.kind, CONFIDENT);
  };
  const { label, value, line } = field;
  switch (label.kind) {
    case 'objective':
      if (draft.description === undefined) {
        draft.description = collapseWhitespace(value);
        use('description');
      }
      return;
    case 'duration':
      return readDurationField(field, draft);
    case 'start':
    case 'end': {
      const date = readDate(value);
      if (date === undefined) draft.warnings.push(`${draft.acronym ?? draft.name}: could not read the date in "${line}"`);
      else if (label.kind === 'start') {
        draft.start = date;
        use('start');
      } else {
        draft.end = date;
        use('end');
      }
      return;
    }
    case 'status':
      draft.statusText = value;
      return use('status');
    case 'budget': {
      const money = moneyIn(value, label.currency);
      if (!money) draft.warnings.push(`${draft.acronym ?? draft.name}: could not read the amount in "${line}"`);
      else {
        draft.budget = money;
        use('budget');
      }
      return;
    }
    case 'primaId':
    case 'projectsId':
      draft.identifiers.push({ scheme: label.kind === 'primaId' ? 'IOM Prima ID' : 'IOM Projects ID', value });
      return use('identifiers');
    case 'projectType':
      draft.projectType = value;
      return use('projectType');
    case 'coverage':
      draft.coverage = value;
      return use('coverage');
    case 'donors':
      return mention({ kind: 'donor', text: value, excerpt: line, several: label.plural });
    case 'implementers':
      return implementerMentions(field).forEach(mention);
    case 'implementingPartners':
      return mention({ kind: 'implementing partner', text: value, excerpt: line, several: label.plural });
    case 'partners':
      return mention({ kind: 'partner', text: value, excerpt: line, several: true });
    case 'beneficiaries':
      return mention({ kind: 'beneficiary', text: value, excerpt: line, several: label.plural, role: /^main/i.test(label.text) ? 'main beneficiary' : 'beneficiary' });
    case 'countries':
      return mention({ kind: 'country', text: value, excerpt: line, several: true });
    case 'manager':
      return mention({ kind: 'person', text: value, excerpt: line, several: /s$/i.test(label.text), role: titleOf(label) });
    default:
      return undefined;
  }
}

/** A person's title from the label: "Project Manager/Co-Author" is a project manager. */
function titleOf(label: LabelRead): string {
  const title = label.text.split('/')[0]?.trim() ?? label.text;
  return title.replace(/s$/i, '').replace(/^\p{Ll}/u, (c) => c.toUpperCase()) || 'Project Manager';
}

function readDurationField(field: Field, draft: ProjectDraft): void {
  const read = parseDuration(field.value);
  draft.start = read.start;
  draft.end = read.end;
  draft.phases = read.phases;
  draft.durationMonths = read.durationMonths;
  draft.evidence.push(field.line);
  for (const what of ['start', 'end', 'durationMonths', 'phases'] as const) if (draft[what] !== undefined && (what !== 'phases' || read.phases.length > 0)) noteConfidence(draft, what, CONFIDENT);
  for (const problem of read.problems) draft.warnings.push(`${draft.acronym ?? draft.name}: ${problem} in "${field.line}"`);
}

// "X, in cooperation with Y" / "X in partnership with Y": X leads, Y is an implementing partner.
const PARTNERSHIP = /,?\s+in\s+(?:close\s+)?(?:cooperation|co-operation|partnership|collaboration)\s+with\s+/i;

/** The lead implementer(s) and partner(s) named in one "Implementing Agency:" paragraph. */
function implementerMentions(field: Field): Mention[] {
  const [lead = '', ...partners] = field.value.split(PARTNERSHIP);
  const several = field.label.plural;
  return [
    { kind: 'implementer', text: lead.trim(), excerpt: field.line, several },
    ...partners.map((p): Mention => ({ kind: 'implementing partner', text: p.trim().replace(/[.;]$/, ''), excerpt: field.line, several: false })),
  ];
}

const IOM_NAME = /International Organization for Migration|\bIOM\b/;

/**
 * An IOM country office lists the projects the office implements: where the page names IOM
 * and a block names no implementer, IOM is proposed, as the page writes it, citing the line
 * that names it, at a low confidence.
 */
function implementedByIom(lines: string[], draft: ProjectDraft): void {
  if (draft.mentions.some((m) => m.kind === 'implementer')) return;
  const line = lines.find((l) => IOM_NAME.test(l));
  const name = line ? IOM_NAME.exec(line)?.[0] : undefined;
  if (!line || !name) return;
  draft.mentions.push({ kind: 'implementer', text: name, excerpt: collapseWhitespace(line), several: false });
  noteConfidence(draft, 'implementer', 0.6);
}
