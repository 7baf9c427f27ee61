import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config';
import { CypherCatalog } from '../db/cypher/catalog';
import type { Database } from '../db/driver/database';
import { connectDatabase } from '../db/driver/connect';
import { migrate } from '../db/driver/migrations';
import { waitForDatabase } from '../db/driver/readiness';
import { ServiceError, commandLineReport } from '../errors';
import { DatasetError } from '../ingest/datasetErrors';
import { ExtractError } from '../ingest/extract/extract';
import { ReviewPathError, extractFiles } from '../ingest/extract/review';
import { GraphResolver } from '../ingest/extract/graphResolver';
import { datasetResolver, type ExtractionResolver } from '../ingest/extract/resolution';
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

/** The deployment's deny-list (DENY_LIST_PATH, else the repository's), empty if neither exists. */
function denyList(): DenyList {
  const configured = process.env.DENY_LIST_PATH;
  if (configured) return DenyList.load(configured);
  const file = defaultDenyListPath();
  return existsSync(file) ? DenyList.load(file) : DenyList.empty();
}

/** The resolver: dataset files with --known, else the graph, with a clear word when it cannot be reached. */
async function openResolver(args: Args): Promise<{ resolver: ExtractionResolver; close: () => Promise<void> }> {
  if (args.known) {
    if (!existsSync(args.known)) throw new UsageError(`No such known dataset: ${args.known}`);
    try {
      return { resolver: datasetResolver(args.known), close: async () => undefined };
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
  const denied = denyList();
  const { resolver, close } = await openResolver(args);
  try {
    const { pages, failed } = await extractFiles(files, {
      resolver,
      out: args.out,
      documentsDir: args.documents,
      denyList: denied,
      onProgress: (done, total, file) => {
        if (total > 1) writeProgress(`Extracting ${bar(done / total)} ${done}/${total} ${path.basename(file)}`, done === total);
      },
      onYaml: (yaml) => {
        if (!args.json) process.stdout.write(files.length > 1 ? `---\n${yaml}` : yaml);
      },
      onSummary: (line) => console.error(args.json && !args.out ? line.replace(/-> stdout$/, '-> report') : line),
      onError: (message) => console.error(message),
    });
    if (args.json) process.stdout.write(`${JSON.stringify({ pages }, null, 2)}\n`);
    if (failed > 0) process.exitCode = 1;
  } finally {
    await close();
  }
}

run().catch((error: unknown) => {
  if (error instanceof ServiceError) console.error(commandLineReport(error).join('\n'));
  else if (error instanceof UsageError || error instanceof ReviewPathError || error instanceof ExtractError || error instanceof DenyListError || error instanceof ConfigError || error instanceof LocalNeo4jError) {
    console.error(error.message);
  } else {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  process.exit(1);
});
