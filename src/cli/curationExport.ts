import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config';
import { CypherCatalog } from '../db/cypher/catalog';
import { newQueryStats } from '../db/driver/database';
import { createRepositories } from '../db/repositories';
import { ServiceError, commandLineReport } from '../errors';
import { migrate } from '../db/driver/migrations';
import { waitForDatabase } from '../db/driver/readiness';
import { connectDatabase } from '../db/driver/connect';
import { formatOverlay } from '../ingest/overlay';
import { LocalNeo4jError } from '../neo4j-server/localServer';
import { projectRoot } from '../projectRoot';

const USAGE = `Usage: npm run curation:export [-- --out <folder>]

Writes every curated claim, retraction, redirect and audit event of the graph as the curation
overlay (data/curated/*.yaml unless --out says otherwise; format in data/README.md), which
start-up loads after the seed.`;

function parseArgs(argv: string[]): { out: string } {
  let out = path.join(projectRoot(), 'data', 'curated');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out') {
      const value = argv[++i];
      if (!value) throw new ConfigError(`--out needs a folder.\n${USAGE}`);
      out = value;
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new ConfigError(`Unknown argument ${String(arg)}.\n${USAGE}`);
  }
  return { out };
}

async function run(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  const log = (message: string) => console.error(message);
  const db = await connectDatabase(config, log);
  try {
    await waitForDatabase(db);
    await migrate(db, undefined, log);
    const overlay = await createRepositories(db, new CypherCatalog(), newQueryStats()).curation.exportOverlay();
    mkdirSync(args.out, { recursive: true });
    for (const [name, content] of Object.entries(formatOverlay(overlay))) writeFileSync(path.join(args.out, name), content);
    console.log(`Wrote ${overlay.entities.length} entities, ${overlay.links.length} relationships, ${overlay.redirects.length} redirects and ${overlay.events.length} audit events to ${args.out}.`);
  } finally {
    await db.close();
  }
}

run().catch((error: unknown) => {
  if (error instanceof ServiceError) console.error(commandLineReport(error).join('\n'));
  else if (error instanceof ConfigError || error instanceof LocalNeo4jError) console.error(error.message);
  else console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
