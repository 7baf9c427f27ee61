import { ConfigError, loadConfig } from './config';
import { connectDatabase } from './db/driver/connect';
import { CypherCatalog } from './db/cypher/catalog';
import { ServiceError, commandLineReport } from './errors';
import { migrate } from './db/driver/migrations';
import { checkReadiness, waitForDatabase } from './db/driver/readiness';
import { DatasetError } from './ingest/datasetErrors';
import { loadAtStartup, scheduleStatusRefresh } from './ingest/startupLoad';
import path from 'node:path';
import { defaultDocumentsDir, projectRoot } from './projectRoot';
import { LocalNeo4jError } from './neo4j-server/localServer';
import { DenyList, DenyListError } from './security/denyList';
import { startServer, type RunningServer } from './http/server';

const log = (message: string) => console.error(`[api] ${message}`);

/** config -> database -> migrations -> seed graph -> HTTP; stops gracefully on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  // Read before anything starts: a missing or malformed deny-list must stop the service.
  const denyList = DenyList.load(config.denyListPath);
  const db = await connectDatabase(config, log);
  await waitForDatabase(db);
  const applied = await migrate(db, undefined, log);
  log(applied.length > 0 ? `applied migrations ${applied.join(', ')}` : 'migrations up to date');
  const catalog = new CypherCatalog();
  await loadAtStartup(db, catalog, { seedPath: config.seedPath, curatedPath: config.seedPath ? path.join(projectRoot(), 'data', 'curated') : null, log });
  const server: RunningServer = await startServer(
    {
      db,
      catalog,
      production: config.production,
      introspection: config.introspection,
      queryStats: config.queryStats,
      readiness: () => checkReadiness(db),
      log,
      security: {
        apiKeys: config.apiKeys,
        rateLimit: config.rateLimit,
        curationPolicy: { denyList, documentsDir: defaultDocumentsDir() },
        fieldSuggestions: config.fieldSuggestions,
        requestTimeoutMs: config.http.requestTimeoutMs,
        headersTimeoutMs: config.http.headersTimeoutMs,
      },
      responseCache: config.responseCache,
    },
    config.host,
    config.port,
  );
  log(`GraphQL API and playground at ${server.url}`);
  // A project whose stated end passes while the server runs turns COMPLETED within the hour.
  const stopStatusRefresh = scheduleStatusRefresh(db, catalog, log);
  log(config.responseCache.enabled ? `response cache on (${config.responseCache.ttlMs} ms, ${config.responseCache.maxEntries} answers at most)` : 'response cache off');
  if (config.apiKeys.length === 0) log('no API_KEYS configured: the curation mutations refuse every request');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    stopStatusRefresh();
    log(`${signal}: finishing in-flight requests and closing`);
    await server.stop();
    log('HTTP server closed; closing the Neo4j driver');
    await db.close();
    log('Neo4j driver closed');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    if (error instanceof ServiceError) for (const line of commandLineReport(error)) log(line);
    else if (error instanceof ConfigError || error instanceof DenyListError || error instanceof DatasetError || error instanceof LocalNeo4jError) {
      log(error.message);
    } else {
      log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    process.exit(1);
  });
}
