import { collapseWhitespace } from '../../domain/text';
import { readDate, type Mention, type PageDraft, type ProjectDraft } from './drafts';

/**
 * An IOM project page (data/documents/001_…): navigation boilerplate, the project's title,
 * then label/value pairs each on its own line, every pair opened by a "-" line ("Start Date",
 * "End Date", "Project Status", "Project Type", "Budget Amount (USD)", "Coverage", "Year",
 * "IDF Region", "Prima ID", "Projects ID", "Benefiting Member States"), then the description
 * as free text. Only the sentence that states the project's aim is kept from that text.
 */

const PUBLISHER = 'International Organization for Migration (IOM)';
const IOM = 'International Organization for Migration';

/** One label/value pair of the field block. */
interface Field {
  label: string;
  value: string;
  /** "Label Value": the two lines with the line break collapsed, as checks compare them. */
  excerpt: string;
}

interface RawPage {
  title: string;
  fields: Field[];
  freeText: string[];
}

const DASH = /^[-–—]$/;
const START_DATE = /^start date$/i;
// Labels that only a project page's field block has: at least one must follow "Start Date",
// so that a page which merely mentions a start date is not taken for a project page.
const CONFIRMING = /^(end date|project status|project type|budget amount|prima id|projects id|coverage)/i;

function lines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.trim());
}

/** The next non-blank line at or after `i`, or -1. */
function nextLine(all: string[], i: number): number {
  for (let j = i; j < all.length; j++) if (all[j] !== '') return j;
  return -1;
}

/** The previous non-blank line before `i`, or -1. */
function previousLine(all: string[], i: number): number {
  for (let j = i - 1; j >= 0; j--) if (all[j] !== '') return j;
  return -1;
}

/** The "-" line that opens the "Start Date" field: the field block starts there. */
function fieldBlockStart(all: string[]): number {
  for (let i = 0; i < all.length; i++) {
    if (!DASH.test(all[i] ?? '')) continue;
    const label = nextLine(all, i + 1);
    if (label >= 0 && START_DATE.test(all[label] ?? '')) return i;
  }
  return -1;
}

/** Reads "-", label, value triples from `start`; returns the fields and where the free text begins. */
function readFields(all: string[], start: number): { fields: Field[]; end: number } {
  const fields: Field[] = [];
  let i = start;
  while (i >= 0 && DASH.test(all[i] ?? '')) {
    const labelAt = nextLine(all, i + 1);
    if (labelAt < 0 || DASH.test(all[labelAt] ?? '')) break;
    const label = all[labelAt] ?? '';
    const valueAt = nextLine(all, labelAt + 1);
    // A label with no value is followed directly by the next field's "-".
    const value = valueAt >= 0 && !DASH.test(all[valueAt] ?? '') ? (all[valueAt] ?? '') : '';
    fields.push({ label, value, excerpt: collapseWhitespace(`${label} ${value}`) });
    i = value === '' ? valueAt : nextLine(all, valueAt + 1);
  }
  return { fields, end: i < 0 ? all.length : i };
}

function readPage(text: string): RawPage | null {
  const all = lines(text);
  const block = fieldBlockStart(all);
  if (block < 0) return null;
  // The title is the line just before the field block; navigation items ("- Data and Research")
  // and bare "-" lines are never titles.
  const titleAt = previousLine(all, block);
  const title = titleAt >= 0 ? (all[titleAt] ?? '') : '';
  if (title === '' || DASH.test(title) || title.startsWith('- ')) return null;
  const { fields, end } = readFields(all, block);
  if (!fields.slice(1).some((f) => CONFIRMING.test(f.label))) return null;
  return { title, fields, freeText: all.slice(end).filter((line) => line !== '') };
}

/** Parses an IOM project page into one project draft; null when the text is not one. */
export function parseIomProjectPage(text: string): PageDraft | null {
  const page = readPage(text);
  if (!page) return null;
  return { format: 'iom-project-page', title: collapseWhitespace(page.title), publisher: PUBLISHER, projects: [toDraft(page)] };
}

function toDraft(page: RawPage): ProjectDraft {
  const title = /^(.*?)\s*\(\s*([^()]+?)\s*\)$/.exec(page.title);
  const draft: ProjectDraft = {
    name: collapseWhitespace(title?.[1] ?? page.title),
    acronym: title?.[2],
    phases: [],
    identifiers: [],
    evidence: [collapseWhitespace(page.title)],
    mentions: [],
    warnings: [],
  };
  for (const field of page.fields) if (field.value !== '') readField(field, draft);
  readAim(page.freeText, draft);
  implementedByIom(page, draft);
  return draft;
}

/** Applies one field to the draft; fields the dataset format has no place for are skipped. */
function readField(field: Field, draft: ProjectDraft): void {
  const label = field.label.toLowerCase();
  const use = () => draft.evidence.push(field.excerpt);
  if (label === 'start date' || label === 'end date') {
    const date = readDate(field.value);
    if (date === undefined) {
      draft.warnings.push(`could not read the date in "${field.excerpt}"`);
      return;
    }
    if (label === 'start date') draft.start = date;
    else draft.end = date;
    use();
  } else if (label === 'project status') {
    draft.statusText = field.value;
    use();
  } else if (label === 'project type') {
    draft.projectType = field.value;
    use();
  } else if (label === 'coverage') {
    draft.coverage = field.value;
    use();
  } else if (label.startsWith('budget amount')) {
    readBudget(field, draft);
  } else if (label === 'prima id' || label === 'projects id') {
    draft.identifiers.push({ scheme: label === 'prima id' ? 'IOM Prima ID' : 'IOM Projects ID', value: field.value });
    use();
  } else if (label === 'benefiting member states') {
    draft.mentions.push({ kind: 'country', text: field.value, excerpt: field.excerpt, several: true });
  } else if (label === 'donor' || label === 'donors') {
    draft.mentions.push({ kind: 'donor', text: field.value, excerpt: field.excerpt, several: label === 'donors' });
  }
}

function readBudget(field: Field, draft: ProjectDraft): void {
  const currency = /\(([A-Z]{3})\)/.exec(field.label)?.[1] ?? 'USD';
  const amount = Number(field.value.replace(/[,\s]/g, ''));
  if (!Number.isFinite(amount) || amount < 0) {
    draft.warnings.push(`could not read the amount in "${field.excerpt}"`);
    return;
  }
  draft.budget = { amount, currency };
  draft.evidence.push(field.excerpt);
}

const AIM = /\b(aims?\s+to|aimed\s+to|objectives?\s+(?:is|was|of)|purpose\s+(?:is|was|of))\b/i;

/** The description: the free text's first sentence stating the aim (or its first sentence). */
function readAim(freeText: string[], draft: ProjectDraft): void {
  const sentences = freeText.flatMap((paragraph) => collapseWhitespace(paragraph).split(/(?<=[.!?])\s+(?=[\p{Lu}"“‘(])/u));
  const aim = sentences.find((s) => AIM.test(s)) ?? sentences[0];
  if (!aim) return;
  draft.description = aim;
  draft.evidence.push(aim);
}

/**
 * IOM assigns Prima and Projects IDs to the projects it implements, so a page giving one names
 * IOM as the implementer (the seed reads document 001 the same way); the ID line is the evidence.
 */
function implementedByIom(page: RawPage, draft: ProjectDraft): void {
  const id = page.fields.find((f) => /^(prima id|projects id)$/i.test(f.label) && f.value !== '');
  if (!id) return;
  const mention: Mention = { kind: 'implementer', text: IOM, excerpt: id.excerpt, several: false };
  draft.mentions.push(mention);
}
