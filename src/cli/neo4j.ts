import { loadConfig } from '../config';
import { ensureLocalNeo4j, localNeo4jPid, stopLocalNeo4j } from '../neo4j-server/localServer';

/** npm run neo4j:start | neo4j:stop | neo4j:status — the project's own local Neo4j. */
async function run(command: string | undefined): Promise<void> {
  const config = loadConfig();
  const log = (message: string) => console.error(message);
  switch (command) {
    case 'start': {
      const server = await ensureLocalNeo4j({ ...config.local, password: config.neo4jPassword, log });
      console.log(`Neo4j ${server.reused ? 'was already running' : 'started'} at ${server.uri} (pid ${server.pid}); user neo4j, password in ${config.local.home}/password unless NEO4J_PASSWORD is set.`);
      return;
    }
    case 'stop':
      console.log((await stopLocalNeo4j(config.local.home)) ? 'Neo4j stopped.' : 'Neo4j was not running.');
      return;
    case 'status': {
      const pid = localNeo4jPid(config.local.home);
      console.log(pid === null ? 'Neo4j is not running.' : `Neo4j is running (pid ${pid}) on 127.0.0.1:${config.local.boltPort}.`);
      return;
    }
    default:
      throw new Error('Usage: node dist/src/cli/neo4j.js start|stop|status');
  }
}

run(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
