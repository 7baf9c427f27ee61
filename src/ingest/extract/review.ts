import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { DenyList } from '../../security/denyList';
import { ExtractError, extractPageResolved, pageText, type Extraction, type ReportConflict, type ReportProject } from './extract';
import type { ExtractionResolver, Suggestion } from './resolution';

/**
 * The review path of `npm run extract`: pages in, for each a dataset file of entries for a
 * person to review (with the page's text written where ingestion checks excerpts) and a page
 * of the JSON report. `npm run ingest -- <out folder> --dry-run` then shows what would change.
 */

/** A page that already holds another text under the same document id. */
export class ReviewPathError extends Error {
  override name = 'ReviewPathError';
}

/**
 * The document id of a page, which the dataset format restricts to letters, digits, dots,
 * underscores and hyphens: its file name, other characters replaced by "-"; an HTML page's
 * text is a document of its own, "<name>.txt".
 */
export function documentIdOf(file: string): string {
  const base = path.basename(file).replace(/[^A-Za-z0-9._-]/g, '-');
  return /\.x?html?$/i.test(base) ? base.replace(/\.x?html?$/i, '.txt') : base;
}

/** One line of a YAML comment: line breaks in quoted text would end the comment early. */
function commentText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const LOW_CONFIDENCE = 0.8;

/** The header: where the entries come from, what to check, and every name left for a person. */
export function header(pageFile: string, extraction: Extraction): string {
  const lines = [
    `Extracted by \`npm run extract\` from ${path.basename(pageFile)} (${extraction.format}).`,
    'A proposal for review, not a curated file: check every entry against the page before loading it.',
    'An entry whose id is already in the graph (a known project, a known person\'s role) adds this page\'s statements to it.',
  ];
  if (extraction.review) lines.push('', 'Read from the prose of a news page: every fact below is for a person to confirm.');
  const unsure = Object.entries(extraction.confidence).flatMap(([id, fields]) =>
    Object.entries(fields)
      .filter(([, c]) => c !== undefined && c < LOW_CONFIDENCE)
      .map(([field, c]) => `${id} ${field} (${String(c)})`),
  );
  if (unsure.length > 0) lines.push('', `Read with low confidence: ${unsure.join(', ')}.`);
  if (extraction.unresolved.length === 0) lines.push('', 'Every name on the page resolved to a known entity.');
  else {
    lines.push('', `Unresolved names (${extraction.unresolved.length}): no link was written for them. Confirm a suggestion, or add the entity or an alias, then link it by hand.`);
    for (const u of extraction.unresolved) {
      const suggestions = u.suggestions && u.suggestions.length > 0 ? ` (closest: ${u.suggestions.map((s) => `${s.id} ${s.score}`).join(', ')})` : '';
      lines.push(`  - ${u.role} "${commentText(u.name)}"${suggestions} for ${u.project}: "${commentText(u.excerpt)}"`);
    }
  }
  if (extraction.conflicts.length > 0) {
    lines.push('', `Conflicts with the graph (${extraction.conflicts.length}): loading keeps both values side by side.`);
    for (const c of extraction.conflicts) lines.push(`  - ${c.project} ${c.field}: graph ${String(c.existing)}, page ${String(c.found)}`);
  }
  if (extraction.warnings.length > 0) {
    lines.push('', 'To check:');
    for (const w of extraction.warnings) lines.push(`  - ${commentText(w)}`);
  }
  if (extraction.withheld > 0) lines.push('', `${extraction.withheld} item(s) withheld: they name a name on the deny-list (data/sensitive/README.md).`);
  return lines.map((line) => (line === '' ? '#' : `# ${line}`)).join('\n');
}

export function summary(pageFile: string, extraction: Extraction, destination: string): string {
  const projects = extraction.dataset.projects.length;
  const links = extraction.dataset.projects.reduce(
    (n, p) => n + (p.fundedBy?.length ?? 0) + (p.implementedBy?.length ?? 0) + (p.beneficiaries?.length ?? 0) + (p.partners?.length ?? 0) + (p.countries?.length ?? 0),
    0,
  );
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  const withheld = extraction.withheld > 0 ? `, ${extraction.withheld} withheld` : '';
  return `${path.basename(pageFile)} (${extraction.format}): ${count(projects, 'project')}, ${count(links, 'link')}, ${count(extraction.unresolved.length, 'unresolved name')}, ${count(extraction.conflicts.length, 'conflict')}, ${extraction.warnings.length} to check${withheld} -> ${destination}`;
}

/** One page of the JSON report. */
export interface PageReport {
  file: string;
  format: string | null;
  projects: ReportProject[];
  unresolved: Array<{ role: string; name: string; suggestions: Suggestion[] }>;
  conflicts: ReportConflict[];
  error?: string;
}

function pageReport(file: string, extraction: Extraction): PageReport {
  return {
    file,
    format: extraction.format,
    projects: extraction.report,
    unresolved: extraction.unresolved.map((u) => ({ role: u.role, name: u.name, suggestions: u.suggestions ?? [] })),
    conflicts: extraction.conflicts,
  };
}

const REDACTED = '[REDACTED: names a person on the deny-list of victims and survivors]';

/**
 * The page's text with every line that names someone on the deny-list replaced, so that the
 * document kept never records them (the entries citing such a line were withheld already).
 */
export function redacted(text: string, denyList: DenyList | undefined): string {
  if (!denyList) return text;
  return text
    .split(/(\r\n|\r|\n)/)
    .map((part) => (/^(\r\n|\r|\n)$/.test(part) || !denyList.names(part) ? part : REDACTED))
    .join('');
}

/** Writes the page's text where ingestion checks excerpts; refuses to overwrite another text. */
function writeDocument(folder: string, documentId: string, text: string): void {
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, documentId);
  if (existsSync(file)) {
    if (readFileSync(file, 'utf8') === text) return;
    throw new ReviewPathError(`${file} already holds another text; rename the page (its file name is its document id) or give --documents another folder.`);
  }
  writeFileSync(file, text);
}


export interface ExtractFilesOptions {
  resolver: ExtractionResolver;
  /** A folder for one dataset file per page, or one .yaml file for a single page; none: YAML to `onYaml`. */
  out?: string;
  /** Where page texts are written with `out`. */
  documentsDir: string;
  denyList?: DenyList;
  /** Called before and after each page (done, total, file). */
  onProgress?: (done: number, total: number, file: string) => void;
  /** Where YAML goes without `out`, and one line per page. */
  onYaml?: (yaml: string) => void;
  onSummary?: (line: string) => void;
  onError?: (message: string) => void;
}

/** Extracts every page, writes the review files, and returns the report's pages. */
export async function extractFiles(files: readonly string[], options: ExtractFilesOptions): Promise<{ pages: PageReport[]; failed: number }> {
  const single = options.out !== undefined && /\.ya?ml$/i.test(options.out);
  if (single && files.length > 1) throw new ReviewPathError(`--out ${options.out} is one file; give a folder for ${files.length} pages.`);
  const pages: PageReport[] = [];
  let failed = 0;
  for (const [n, file] of files.entries()) {
    options.onProgress?.(n, files.length, file);
    const documentId = documentIdOf(file);
    const text = pageText(file, readFileSync(file, 'utf8'));
    let extraction: Extraction;
    try {
      extraction = await extractPageResolved(text, documentId, options.resolver, { denyList: options.denyList });
    } catch (error) {
      if (!(error instanceof ExtractError)) throw error;
      failed++;
      options.onError?.(error.message);
      pages.push({ file, format: null, projects: [], unresolved: [], conflicts: [], error: error.message });
      options.onProgress?.(n + 1, files.length, file);
      continue;
    }
    pages.push(pageReport(file, extraction));
    const yaml = `${header(file, extraction)}\n\n${stringify(extraction.dataset, { lineWidth: 0 })}`;
    let destination = 'stdout';
    if (options.out) {
      destination = single ? options.out : path.join(options.out, `${documentId.replace(/\.[^.]+$/, '')}.yaml`);
      mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
      writeDocument(options.documentsDir, documentId, redacted(text, options.denyList));
      writeFileSync(destination, yaml);
    } else options.onYaml?.(yaml);
    options.onProgress?.(n + 1, files.length, file);
    options.onSummary?.(summary(file, extraction, destination));
  }
  return { pages, failed };
}
