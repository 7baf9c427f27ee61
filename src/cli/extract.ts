import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { ConfigError, loadConfig } from '../config';
import { CypherCatalog } from '../db/cypher/catalog';
import type { Database } from '../db/driver/database';
import { connectDatabase } from '../db/driver/connect';
import { migrate } from '../db/driver/migrations';
import { waitForDatabase } from '../db/driver/readiness';
import { ServiceError, commandLineReport } from '../errors';
import { DatasetError } from '../ingest/datasetErrors';
import { ExtractError, extractPageResolved, pageText, type Extraction, type ReportConflict, type ReportProject } from '../ingest/extract/extract';
import { GraphResolver } from '../ingest/extract/graphResolver';
import { DatasetResolver, type ExtractionResolver, type Suggestion } from '../ingest/extract/resolution';
import { planDataset } from '../ingest/plan';
import { readDataset } from '../ingest/readDataset';
import { LocalNeo4jError } from '../neo4j-server/localServer';
import { defaultDocumentsDir } from '../projectRoot';
import { DenyList, DenyListError, defaultDenyListPath } from '../security/denyList';
import { bar, writeProgress } from './progress';

const USAGE = `Usage: npm run extract -- <page files or folders> [--out <folder>] [--json] [--known <dataset folder>] [--documents <folder>]

Reads pages (text, or HTML saved from a browser) of the shapes the extractor knows: IOM
project pages, IOM country-office pages, ICMPD listings and project pages, and news pages.
Names are resolved against the graph \`npm start\` uses (NEO4J_URI, else the local Neo4j), or,
with --known, against dataset files. A name that does not resolve exactly is listed, never
invented; a project already known gets the page's facts on its own id, differences as conflicts.

  --out <folder>      write one dataset file per page (<page>.yaml) for review, and the text
                      of each page to the documents folder, so that \`npm run ingest -- <folder>
                      --dry-run\` can check every excerpt; without it, the YAML goes to stdout
  --json              print the report as one JSON document instead of YAML
  --known <folder>    resolve against dataset files (data/seed) rather than the graph
  --documents <dir>   where page texts are written with --out (default data/documents)`;

/** A mistake in how the command was called or what it was given: the message says what to do. */
class UsageError extends Error {
  override name = 'UsageError';
}

interface Args {
  inputs: string[];
  out?: string;
  json: boolean;
  known?: string;
  documents: string;
}

function parseArgs(argv: string[]): Args {
  const inputs: string[] = [];
  let out: string | undefined;
  let known: string | undefined;
  let documents: string | undefined;
  let json = false;
  const valueOf = (option: string, value: string | undefined): string => {
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${option} needs a value.\n${USAGE}`);
    return value;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out') out = valueOf(arg, argv[++i]);
    else if (arg === '--known') known = valueOf(arg, argv[++i]);
    else if (arg === '--documents') documents = valueOf(arg, argv[++i]);
    else if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (arg?.startsWith('--')) throw new UsageError(`Unknown option ${arg}.\n${USAGE}`);
    else if (arg) inputs.push(arg);
  }
  if (inputs.length === 0) throw new UsageError(USAGE);
  return { inputs, out, json, known, documents: documents ?? defaultDocumentsDir() };
}

const PAGE = /\.(txt|html?|xhtml)$/i;

/** The page files named: files as given, folders by their .txt and .html files, sorted. */
function pageFiles(inputs: string[]): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    const stat = statSync(input, { throwIfNoEntry: false });
    if (!stat) throw new UsageError(`No such page file or folder: ${input}`);
    if (stat.isDirectory()) {
      const inFolder = readdirSync(input).filter((name) => PAGE.test(name) && statSync(path.join(input, name)).isFile()).sort();
      if (inFolder.length === 0) throw new UsageError(`${input} holds no page files (.txt, .html).`);
      files.push(...inFolder.map((name) => path.join(input, name)));
    } else files.push(input);
  }
  return files;
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

/** The deployment's deny-list (DENY_LIST_PATH, else the repository's), empty if neither exists. */
function denyList(): DenyList {
  const configured = process.env.DENY_LIST_PATH;
  if (configured) return DenyList.load(configured);
  const file = defaultDenyListPath();
  return existsSync(file) ? DenyList.load(file) : DenyList.empty();
}

/** One line of a YAML comment: line breaks in quoted text would end the comment early. */
function commentText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const LOW_CONFIDENCE = 0.8;

/** The header: where the entries come from, what to check, and every name left for a person. */
function header(pageFile: string, extraction: Extraction): string {
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

function summary(pageFile: string, extraction: Extraction, destination: string): string {
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
interface PageReport {
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

/** Writes the page's text where ingestion checks excerpts; refuses to overwrite another text. */
function writeDocument(folder: string, documentId: string, text: string): void {
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, documentId);
  if (existsSync(file)) {
    if (readFileSync(file, 'utf8') === text) return;
    throw new UsageError(`${file} already holds another text; rename the page (its file name is its document id) or give --documents another folder.`);
  }
  writeFileSync(file, text);
}

/** The resolver: dataset files with --known, else the graph, with a clear word when it cannot be reached. */
async function openResolver(args: Args): Promise<{ resolver: ExtractionResolver; close: () => Promise<void> }> {
  if (args.known) {
    if (!existsSync(args.known)) throw new UsageError(`No such known dataset: ${args.known}`);
    try {
      return { resolver: new DatasetResolver(planDataset(readDataset(args.known)).plan.nodes), close: async () => undefined };
    } catch (error) {
      if (error instanceof DatasetError) throw new UsageError(`The known dataset ${args.known} cannot be read (--known):\n${error.message}`);
      throw error;
    }
  }
  const config = loadConfig();
  let db: Database | undefined;
  try {
    db = await connectDatabase(config, (message) => console.error(message));
    await waitForDatabase(db, 20_000);
    await migrate(db, undefined, () => undefined);
  } catch (error) {
    await db?.close().catch(() => undefined);
    const where = config.neo4jUri ?? 'the local Neo4j (NEO4J_URI unset)';
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(
      `Cannot reach the graph database at ${where}: ${reason}\nNames are resolved against the graph \`npm start\` uses: start it (npm run neo4j:start) or set NEO4J_URI, or resolve against dataset files instead with --known data/seed.`,
    );
  }
  const opened = db;
  return { resolver: new GraphResolver(opened, new CypherCatalog()), close: () => opened.close() };
}

async function run(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const files = pageFiles(args.inputs);
  const single = args.out !== undefined && /\.ya?ml$/i.test(args.out);
  if (single && files.length > 1) throw new UsageError(`--out ${args.out} is one file; give a folder for ${files.length} pages.`);
  const deny = denyList();
  const { resolver, close } = await openResolver(args);
  const reports: PageReport[] = [];
  let failed = 0;
  try {
    for (const [n, file] of files.entries()) {
      if (files.length > 1) writeProgress(`Extracting ${bar(n / files.length)} ${n}/${files.length} ${path.basename(file)}`, false);
      const documentId = documentIdOf(file);
      const text = pageText(file, readFileSync(file, 'utf8'));
      let extraction: Extraction;
      try {
        extraction = await extractPageResolved(text, documentId, resolver, { denyList: deny });
      } catch (error) {
        if (!(error instanceof ExtractError)) throw error;
        failed++;
        if (files.length > 1) writeProgress('', true);
        console.error(error.message);
        reports.push({ file, format: null, projects: [], unresolved: [], conflicts: [], error: error.message });
        continue;
      }
      reports.push(pageReport(file, extraction));
      const yaml = `${header(file, extraction)}\n\n${stringify(extraction.dataset, { lineWidth: 0 })}`;
      let destination = 'stdout';
      if (args.out) {
        destination = single ? args.out : path.join(args.out, `${documentId.replace(/\.[^.]+$/, '')}.yaml`);
        mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
        writeFileSync(destination, yaml);
        writeDocument(args.documents, documentId, text);
      } else if (!args.json) process.stdout.write(`${files.length > 1 ? `---\n` : ''}${yaml}`);
      if (files.length > 1) writeProgress(`Extracting ${bar((n + 1) / files.length)} ${n + 1}/${files.length} ${path.basename(file)}`, n + 1 === files.length);
      console.error(summary(file, extraction, args.json && !args.out ? 'report' : destination));
    }
  } finally {
    await close();
  }
  if (args.json) process.stdout.write(`${JSON.stringify({ pages: reports }, null, 2)}\n`);
  if (failed > 0) process.exitCode = 1;
}

run().catch((error: unknown) => {
  if (error instanceof ServiceError) console.error(commandLineReport(error).join('\n'));
  else if (error instanceof UsageError || error instanceof ExtractError || error instanceof DenyListError || error instanceof ConfigError || error instanceof LocalNeo4jError) {
    console.error(error.message);
  } else {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  process.exit(1);
});
