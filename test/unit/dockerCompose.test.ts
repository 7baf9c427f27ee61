import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config';
import { projectRoot } from '../../src/projectRoot';

interface ComposeService {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
}

const root = projectRoot();
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')) as { services: Record<string, ComposeService> };
const password = 'compose-test-password';

/** Compose's ${VAR:?message} interpolation, for the one variable the file takes. */
function interpolate(value: string): string {
  return value.replace(/\$\{NEO4J_PASSWORD:\?[^}]*\}/g, password);
}

describe('docker-compose.yml', () => {
  const { neo4j, api } = compose.services;

  it('runs Neo4j 5.26 Community with authentication and Bolt on loopback', () => {
    expect(neo4j?.image).toBe('neo4j:5.26-community');
    expect(interpolate(neo4j?.environment?.NEO4J_AUTH ?? '')).toBe(`neo4j/${password}`);
    expect(neo4j?.ports).toContain('127.0.0.1:7687:7687');
  });

  it('builds the API from the Dockerfile and starts it once Neo4j is healthy', () => {
    expect(api?.build).toBe('.');
    expect(api?.depends_on?.neo4j?.condition).toBe('service_healthy');
    expect(readFileSync(path.join(root, 'Dockerfile'), 'utf8')).toMatch(/CMD \["node", "dist\/src\/main\.js"\]/);
  });

  it('configures the API through the variables the code reads, pointing at the neo4j service', () => {
    const env = Object.fromEntries(Object.entries(api?.environment ?? {}).map(([k, v]) => [k, interpolate(String(v))]));
    const config = loadConfig(env, '/app');
    expect(config.neo4jUri).toBe('bolt://neo4j:7687');
    expect(config.neo4jUser).toBe('neo4j');
    expect(config.neo4jPassword).toBe(password);
    expect(config.host).toBe('0.0.0.0');
    expect(config.production).toBe(true);
    expect(config.seedPath).toBe('data/seed');
    expect(api?.ports).toContain(`127.0.0.1:${config.port}:${config.port}`);
    const neo4jPort = new URL(config.neo4jUri!.replace('bolt:', 'http:')).port;
    expect(neo4j?.ports?.some((p) => p.endsWith(`:${neo4jPort}`))).toBe(true);
  });

  it('names only variables the configuration knows', () => {
    const known = ['NODE_ENV', 'HOST', 'PORT', 'NEO4J_URI', 'NEO4J_USER', 'NEO4J_PASSWORD', 'NEO4J_DATABASE', 'SEED_DATA', 'GRAPHQL_INTROSPECTION'];
    for (const name of Object.keys(api?.environment ?? {})) expect(known).toContain(name);
    const source = readFileSync(path.join(root, 'src', 'config.ts'), 'utf8');
    for (const name of Object.keys(api?.environment ?? {})) expect(source).toContain(name);
  });
});

describe('loadConfig', () => {
  it('defaults to 127.0.0.1:4000 and the project\'s own Neo4j', () => {
    const config = loadConfig({}, '/repo');
    expect(config).toMatchObject({ host: '127.0.0.1', port: 4000, neo4jUri: null, seedPath: 'data/seed', production: false, introspection: true });
    expect(config.local.home).toBe('/repo/.neo4j/dev');
  });

  it('says what is wrong with a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT must be a whole number from 0 to 65535; got "eighty"/);
    expect(() => loadConfig({ NEO4J_URI: 'http://x' })).toThrow(/NEO4J_URI must start with/);
    expect(() => loadConfig({ NEO4J_URI: 'neo4j://cluster:7687' })).toThrow(/NEO4J_PASSWORD must be set/);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });
});
