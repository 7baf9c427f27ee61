import { ConfigError, loadConfig } from '../config';
import { CypherCatalog } from '../db/cypher/catalog';
import { ServiceError, commandLineReport } from '../errors';
import { migrate } from '../db/driver/migrations';
import { DatasetError } from '../ingest/datasetErrors';
import { changedNothing, formatReport, ingest } from '../ingest/ingest';
import { LocalNeo4jError } from '../neo4j-server/localServer';
import { waitForDatabase } from '../db/driver/readiness';
import { connectDatabase } from '../db/driver/connect';
import { progressBar } from './progress';

const USAGE = `Usage: npm run ingest -- <file or folder> [--dry-run] [--documents <folder>]

Validates a dataset (YAML, see data/README.md), checks every excerpt against its document,
shows what would change (--dry-run) or loads it in one transaction.`;

interface Args {
  target: string;
  dryRun: boolean;
  documentsDir?: string;
}

function parseArgs(argv: string[]): Args {
  let target: string | undefined;
  let dryRun = false;
  let documentsDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--dry-run') dryRun = true;
    else if (arg === '--documents') documentsDir = argv[++i];
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (arg?.startsWith('--')) throw new ConfigError(`Unknown option ${arg}.\n${USAGE}`);
    else if (target === undefined) target = arg;
    else throw new ConfigError(`Only one file or folder, please.\n${USAGE}`);
  }
  if (!target) throw new ConfigError(USAGE);
  return { target, dryRun, documentsDir };
}

async function run(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  const log = (message: string) => console.error(message);
  const db = await connectDatabase(config, log);
  try {
    await waitForDatabase(db);
    await migrate(db, undefined, log);
    const started = performance.now();
    const result = await ingest(db, new CypherCatalog(), args.target, {
      dryRun: args.dryRun,
      documentsDir: args.documentsDir,
      onProgress: progressBar('Loading'),
    });
    console.log(formatReport(result.report));
    console.log(`${result.entities} entities and ${result.relationships} relationships in the dataset; ${changedNothing(result.report) ? 'the graph already held all of it' : args.dryRun ? 'nothing was written' : 'written in one transaction'} (${Math.round(performance.now() - started)} ms).`);
  } finally {
    await db.close();
  }
}

run().catch((error: unknown) => {
  if (error instanceof ServiceError) console.error(commandLineReport(error).join('\n'));
  else if (error instanceof DatasetError || error instanceof ConfigError || error instanceof LocalNeo4jError) {
    console.error(error.message);
  } else {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  process.exit(1);
});
