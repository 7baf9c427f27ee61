import { ConfigError, loadConfig } from '../config';
import { CypherCatalog } from '../db/cypher/catalog';
import { ServiceError, commandLineReport } from '../errors';
import { migrate } from '../db/driver/migrations';
import { waitForDatabase } from '../db/driver/readiness';
import { DatasetError } from '../ingest/datasetErrors';
import { readDataset } from '../ingest/readDataset';
import { LocalNeo4jError } from '../neo4j-server/localServer';
import { projectRoot } from '../projectRoot';
import { synthScale } from '../synth/generate';
import { importSynthGraph } from '../synth/import';
import { loadSynthGraph, type SynthProgress } from '../synth/load';
import { connectDatabase } from '../db/driver/connect';
import { bar, writeProgress } from './progress';
import path from 'node:path';

const USAGE = `Usage: npm run synth -- --projects N [--seed S] [--batch-size B] [--import] [--check-workers W]

Generates a synthetic graph with the seed graph's shape (about 200 countries, organisations
taking part in projects by a power law, donors, legal frameworks, sources and evidence) and
loads it in bulk through the ingestion path, into the database \`npm start\` uses (or
NEO4J_URI). Ids carry "synth"; the seed graph's countries are left alone. Loading the same
options twice changes nothing.

--import loads an EMPTY database with neo4j-admin database import full instead (the same
checks, the same graph, many times faster): only the project's own local Neo4j
(NEO4J_HOME_DIR, not NEO4J_URI), which is stopped for the import and started again; a
database that holds anything is refused.

--check-workers sets how many worker threads check the chunks (and, with --import, write
their CSV): by default one per processor but one (transactional) or one per processor
(--import); 0 runs everything on the main thread.`;

interface Args {
  projects: number;
  seed: number;
  batchSize: number | undefined;
  importTool: boolean;
  checkWorkers: number | undefined;
}

/** A whole number of at least `least` (a flag given with nothing after it is refused too). */
function wholeNumber(name: string, raw: string | undefined, least = 1): number {
  const value = Number(raw);
  if (raw === undefined || raw.trim() === '' || !Number.isInteger(value) || value < least) throw new ConfigError(`${name} needs a whole number of at least ${least}; got "${raw ?? ''}".\n${USAGE}`);
  return value;
}

export function parseSynthArgs(argv: readonly string[]): Args {
  let projects: number | undefined;
  let seed = 2026;
  let batchSize: number | undefined;
  let importTool = false;
  let checkWorkers: number | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--projects') projects = wholeNumber('--projects', argv[++i]);
    else if (arg === '--seed') seed = wholeNumber('--seed', argv[++i]);
    else if (arg === '--batch-size') batchSize = wholeNumber('--batch-size', argv[++i]);
    else if (arg === '--import') importTool = true;
    else if (arg === '--check-workers') checkWorkers = wholeNumber('--check-workers', argv[++i], 0);
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new ConfigError(`Unknown option ${arg ?? ''}.\n${USAGE}`);
  }
  if (projects === undefined) throw new ConfigError(`--projects is required.\n${USAGE}`);
  if (importTool && batchSize !== undefined) throw new ConfigError(`--batch-size is for the transactional load; --import writes files.\n${USAGE}`);
  return { projects, seed, batchSize, importTool, checkWorkers };
}

/** "[#####-----]  45%  4,500/10,000 projects  120,345 rows  15,230 rows/s" on one line. */
function progressLine(): (progress: SynthProgress) => void {
  let lastDrawn = 0;
  let finished = false;
  return ({ projectsDone, projects, rowsDone, elapsedMs }) => {
    const now = performance.now();
    if (finished || (now - lastDrawn < 250 && projectsDone < projects)) return;
    finished = projectsDone >= projects;
    lastDrawn = now;
    const fraction = projects > 0 ? projectsDone / projects : 1;
    const rate = elapsedMs > 0 ? Math.round(rowsDone / (elapsedMs / 1000)) : 0;
    writeProgress(
      `Loading ${bar(fraction)} ${String(Math.floor(fraction * 100)).padStart(3)}%  ${projectsDone.toLocaleString('en')}/${projects.toLocaleString('en')} projects  ${rowsDone.toLocaleString('en')} rows  ${rate.toLocaleString('en')} rows/s`,
      projectsDone >= projects,
    );
  };
}

async function run(): Promise<void> {
  const args = parseSynthArgs(process.argv.slice(2));
  const config = loadConfig();
  const log = (message: string) => console.error(message);
  const scale = synthScale(args.projects);
  log(`Generating ${scale.projects} projects, ${scale.organisations} organisations (${scale.donors} donors), ${scale.countries} countries, ${scale.legalFrameworks} legal frameworks, ${scale.people} people, about ${scale.documents} documents.`);
  const seedCountries = readDataset(path.join(projectRoot(), 'data', 'seed')).countries.map((c) => c.entry.isoCode);
  if (args.importTool) {
    if (config.neo4jUri) throw new ConfigError('--import loads the local Neo4j (NEO4J_HOME_DIR) with neo4j-admin; NEO4J_URI names another database. Unset NEO4J_URI, or load without --import.');
    const result = await importSynthGraph({
      projects: args.projects,
      seed: args.seed,
      reservedCountryCodes: seedCountries,
      server: { ...config.local, password: config.neo4jPassword, log },
      log,
      onProgress: progressLine(),
      checkWorkers: args.checkWorkers,
    });
    console.log(
      `Imported ${result.nodes.toLocaleString('en')} nodes and ${result.relationships.toLocaleString('en')} relationships in ${(result.ms / 1000).toFixed(1)} s ` +
        `(the import tool ${((result.phases?.importMs ?? 0) / 1000).toFixed(1)} s: ${(result.phases?.importRecordsPerSec ?? 0).toLocaleString('en')} records/s; ` +
        `${result.recordsPerSec.toLocaleString('en')} records/s from generation to a started, migrated database). Neo4j is running.`,
    );
    return;
  }
  const db = await connectDatabase(config, log);
  try {
    await waitForDatabase(db);
    await migrate(db, undefined, log);
    const result = await loadSynthGraph(db, new CypherCatalog(), {
      projects: args.projects,
      seed: args.seed,
      batchSize: args.batchSize,
      reservedCountryCodes: seedCountries,
      onProgress: progressLine(),
      checkWorkers: args.checkWorkers,
    });
    console.log(
      `Loaded ${result.nodes.toLocaleString('en')} nodes and ${result.relationships.toLocaleString('en')} relationships in ${(result.ms / 1000).toFixed(1)} s: ` +
        `${result.nodesPerSec.toLocaleString('en')} nodes/s, ${result.relsPerSec.toLocaleString('en')} relationships/s.`,
    );
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  run().catch((error: unknown) => {
    if (error instanceof ServiceError) console.error(commandLineReport(error).join('\n'));
    else if (error instanceof DatasetError || error instanceof ConfigError || error instanceof LocalNeo4jError) console.error(error.message);
    else console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  });
}
