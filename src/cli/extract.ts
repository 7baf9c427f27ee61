import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { PlannedNode } from '../db/graphPlan';
import { ServiceError, commandLineReport } from '../errors';
import { DatasetError } from '../ingest/datasetErrors';
import { ExtractError, extractPage, type Extraction, type KnownEntity } from '../ingest/extract/extract';
import { planDataset } from '../ingest/plan';
import { readDataset } from '../ingest/readDataset';
import { projectRoot } from '../projectRoot';
import { DenyList, DenyListError, defaultDenyListPath } from '../security/denyList';

const USAGE = `Usage: npm run extract -- <page file> [--out <file.yaml>] [--known <dataset folder>]

Reads an IOM project page or an ICMPD project listing and writes dataset entries (YAML, see
data/README.md) for a curator to review. Names are resolved against the entities of the known
dataset (default data/seed); names that do not resolve are listed in the header, not invented.`;

/** A mistake in how the command was called or what it was given: the message says what to do. */
class UsageError extends Error {
  override name = 'UsageError';
}

interface Args {
  page: string;
  out?: string;
  known: string;
}

function parseArgs(argv: string[]): Args {
  let page: string | undefined;
  let out: string | undefined;
  let known: string | undefined;
  const valueOf = (option: string, value: string | undefined): string => {
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${option} needs a value.\n${USAGE}`);
    return value;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out') out = valueOf(arg, argv[++i]);
    else if (arg === '--known') known = valueOf(arg, argv[++i]);
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (arg?.startsWith('--')) throw new UsageError(`Unknown option ${arg}.\n${USAGE}`);
    else if (page === undefined) page = arg;
    else throw new UsageError(`Only one page file, please.\n${USAGE}`);
  }
  if (!page) throw new UsageError(USAGE);
  return { page, out, known: known ?? path.join(projectRoot(), 'data', 'seed') };
}

/** The text of the page; a clear error when it is missing or not a file. */
function readPageFile(file: string): string {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`No such page file: ${file}`);
  if (!stat.isFile()) throw new UsageError(`${file} is not a file; give the page's text file.`);
  return readFileSync(file, 'utf8');
}

function plannedNodes(folder: string): PlannedNode[] {
  try {
    return planDataset(readDataset(folder)).plan.nodes;
  } catch (error) {
    if (error instanceof DatasetError) throw new UsageError(`The known dataset ${folder} cannot be read (--known):\n${error.message}`);
    throw error;
  }
}

/** The entities of the known dataset, under the name keys the graph stores for them. */
function knownEntities(folder: string): KnownEntity[] {
  if (!existsSync(folder)) throw new UsageError(`No such known dataset: ${folder}`);
  return plannedNodes(folder).map((node) => ({
    id: node.id,
    label: node.label,
    nameKeys: Array.isArray(node.props.nameKeys) ? node.props.nameKeys.filter((k): k is string => typeof k === 'string') : [],
  }));
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

/** The header: where the entries come from, what to merge, and every name left for a person. */
function header(pageFile: string, extraction: Extraction): string {
  const lines = [
    `Extracted by \`npm run extract\` from ${path.basename(pageFile)} (${extraction.format}).`,
    'A proposal for review, not a curated file: check every entry against the page before adding it.',
    'An entry whose id is already in the dataset (its source, a known project, a known person\'s role) is to be merged into that entry.',
  ];
  if (extraction.unresolved.length === 0) lines.push('', 'Every name on the page resolved to a known entity.');
  else {
    lines.push('', `Unresolved names (${extraction.unresolved.length}): no link was written for them. Add the entity or an alias, then link it by hand.`);
    for (const u of extraction.unresolved) {
      const candidates = u.candidates ? ` (could be ${u.candidates.join(', ')})` : '';
      lines.push(`  - ${u.role} "${commentText(u.name)}"${candidates} for ${u.project}: "${commentText(u.excerpt)}"`);
    }
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
    (n, p) => n + (p.fundedBy?.length ?? 0) + (p.implementedBy?.length ?? 0) + (p.beneficiaries?.length ?? 0) + (p.countries?.length ?? 0),
    0,
  );
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  const withheld = extraction.withheld > 0 ? `, ${extraction.withheld} withheld` : '';
  return `${path.basename(pageFile)} (${extraction.format}): ${count(projects, 'project')}, ${count(links, 'link')}, ${count(extraction.unresolved.length, 'unresolved name')}, ${extraction.warnings.length} to check${withheld} -> ${destination}`;
}

function run(): void {
  const args = parseArgs(process.argv.slice(2));
  const text = readPageFile(args.page);
  const documentId = path.basename(args.page);
  // The file name becomes the source's id, which the dataset format restricts.
  if (!/^[A-Za-z0-9._-]+$/.test(documentId)) throw new UsageError(`${documentId}: a page's file name becomes its source id, so it may hold only letters, digits, dots, underscores and hyphens.`);
  const extraction = extractPage(text, documentId, knownEntities(args.known), { denyList: denyList() });
  const yaml = `${header(args.page, extraction)}\n\n${stringify(extraction.dataset, { lineWidth: 0 })}`;
  if (args.out) {
    mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
    writeFileSync(args.out, yaml);
  } else process.stdout.write(yaml);
  console.error(summary(args.page, extraction, args.out ?? 'stdout'));
}

try {
  run();
} catch (error: unknown) {
  if (error instanceof ServiceError) console.error(commandLineReport(error).join('\n'));
  else if (error instanceof UsageError || error instanceof ExtractError || error instanceof DenyListError) {
    console.error(error.message);
  } else {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  process.exit(1);
}
