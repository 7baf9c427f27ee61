/**
 * The service's configuration: read from the environment once, checked, typed and frozen.
 * Every variable is listed in the README's Configuration section.
 */

export interface LocalNeo4jConfig {
  /** Where the project's own Neo4j keeps jars, data, logs and its generated password. */
  home: string;
  boltPort: number;
  heapMb: number;
  pageCacheMb: number;
}

export interface Config {
  production: boolean;
  host: string;
  port: number;
  /** An external database; when null, the project starts its own local Neo4j. */
  neo4jUri: string | null;
  neo4jUser: string;
  /** The password given in NEO4J_PASSWORD; null means "the local server's generated one". */
  neo4jPassword: string | null;
  neo4jDatabase: string | undefined;
  local: LocalNeo4jConfig;
  /** The dataset loaded at start (a YAML file or folder), or null for none. */
  seedPath: string | null;
  introspection: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; got "${raw}".`);
  }
  return value;
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false; got "${raw}".`);
}

const URI_SCHEMES = ['neo4j://', 'neo4j+s://', 'neo4j+ssc://', 'bolt://', 'bolt+s://', 'bolt+ssc://'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Readonly<Config> {
  const production = env.NODE_ENV === 'production';
  const neo4jUri = env.NEO4J_URI ? env.NEO4J_URI : null;
  if (neo4jUri && !URI_SCHEMES.some((scheme) => neo4jUri.startsWith(scheme))) {
    throw new ConfigError(`NEO4J_URI must start with one of ${URI_SCHEMES.join(', ')}; got "${neo4jUri}".`);
  }
  if (neo4jUri && !env.NEO4J_PASSWORD) {
    throw new ConfigError('NEO4J_URI is set, so NEO4J_PASSWORD must be set too.');
  }
  const seed = env.SEED_DATA ?? 'data/seed';
  const config: Config = {
    production,
    host: env.HOST || '127.0.0.1',
    port: integer(env, 'PORT', 4000, 0, 65535),
    neo4jUri,
    neo4jUser: env.NEO4J_USER || 'neo4j',
    neo4jPassword: env.NEO4J_PASSWORD || null,
    neo4jDatabase: env.NEO4J_DATABASE || undefined,
    local: {
      home: env.NEO4J_HOME_DIR || `${cwd}/.neo4j/dev`,
      boltPort: integer(env, 'NEO4J_BOLT_PORT', 7687, 1, 65535),
      heapMb: integer(env, 'NEO4J_HEAP_MB', 1024, 256, 16384),
      pageCacheMb: integer(env, 'NEO4J_PAGECACHE_MB', 512, 64, 16384),
    },
    seedPath: seed === '' || seed === 'none' ? null : seed,
    introspection: boolean(env, 'GRAPHQL_INTROSPECTION', !production),
  };
  return Object.freeze({ ...config, local: Object.freeze(config.local) });
}
