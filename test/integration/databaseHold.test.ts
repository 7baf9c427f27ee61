import { CypherCatalog } from '../../src/db/cypher/catalog';
import { Database, type Params, type QueryStats, type RunOptions } from '../../src/db/driver/database';
import { checkReadiness } from '../../src/db/driver/readiness';
import { MAX_FILTER_DEPTH, MAX_FILTER_TERMS } from '../../src/domain/limits';
import { ServiceError } from '../../src/errors';
import { startServer, type RunningServer } from '../../src/http/server';
import { SERVER_TRANSACTION_TIMEOUT } from '../../src/neo4j-server/localServer';
import { startTestApi, type TestApi } from '../support/testApi';
import { connectTestDatabase, testDatabaseSettings, uniqueToken } from '../support/testDatabase';
import { waitFor } from '../support/waitFor';

/**
 * Issue 18, "nothing holds the database": a filter too wide is refused before any Cypher
 * runs; a statement that runs too long is ended by Neo4j's transaction timeout; a request whose
 * client hangs up, or that runs past the HTTP request timeout, has its query cancelled; and
 * in every case SHOW TRANSACTIONS shows Neo4j free again.
 */

/** Work Neo4j cannot finish quickly: a hundred million rows, none kept. `marker` finds it in SHOW TRANSACTIONS. */
function slowCypher(marker: string): string {
  return `UNWIND range(1, 100000000) AS x WITH x WHERE x < 0 RETURN count(*) AS n, '${marker}' AS marker`;
}

let observer: Database;

/** How many transactions running in Neo4j hold `marker` in their query (the SHOW itself holds only `$marker`). */
async function runningWith(marker: string): Promise<number> {
  const result = await observer.read('SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS $marker RETURN count(*) AS n', { marker });
  return Number(result.records[0]?.get('n'));
}

/** Makes every read of `db` run the slow statement instead, with the caller's stats and signal: a test hook the API cannot reach. */
function slowEveryRead(db: Database, marker: string): jest.SpyInstance {
  const original = db.read.bind(db);
  return jest.spyOn(db, 'read').mockImplementation(async (_cypher: string, _params: Params, stats?: QueryStats, options?: RunOptions) => original(slowCypher(marker), {}, stats, options));
}

function log(line: string): void {
  process.stderr.write(`[databaseHold] ${line}\n`);
}

beforeAll(() => {
  observer = connectTestDatabase();
});
afterAll(async () => {
  await observer.close();
});

describe('a filter wider than the bound', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ rateLimit: null });
  });
  afterAll(async () => {
    await api.close();
  });

  const PAGE = 'query($filter: ProjectFilter) { projects(filter: $filter) { totalCount } }';

  beforeAll(async () => {
    // The first request of a server builds what Apollo caches; the timings below are of the requests after it.
    expect((await api.gql(PAGE, { filter: { status: 'ONGOING' } })).status).toBe(200);
  });

  it('is refused in milliseconds with FILTER_TOO_WIDE, saying what was allowed and what arrived, and runs no Cypher', async () => {
    const filter = { or: Array.from({ length: 3_000 }, (_, i) => ({ fundedBy: `F${i}` })) };
    const body = JSON.stringify({ query: PAGE, variables: { filter } });
    expect(body.length).toBeGreaterThan(60_000);
    const read = jest.spyOn(api.db, 'read');
    try {
      const times: number[] = [];
      let answer = await api.post(body);
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        answer = await api.post(body);
        times.push(performance.now() - started);
      }
      const ms = Math.min(...times);
      log(`3,000-branch or (${(body.length / 1024).toFixed(0)} kB of variables) refused in ${ms.toFixed(1)} ms (fastest of 5; slowest ${Math.max(...times).toFixed(1)} ms)`);
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('FILTER_TOO_WIDE');
      expect(answer.body.errors?.[0]?.message).toContain(`at most ${MAX_FILTER_TERMS} terms`);
      expect(answer.body.errors?.[0]?.message).toContain('holds 3000');
      expect(answer.body.extensions?.db?.queries ?? 0).toBe(0);
      expect(read).not.toHaveBeenCalled();
      // Generous for a loaded machine; it takes a few milliseconds.
      expect(ms).toBeLessThan(1_000);
    } finally {
      read.mockRestore();
    }
  });

  it('is refused written into the document too, and in any filter argument (a nested list, an organisation filter)', async () => {
    const branches = Array.from({ length: 300 }, (_, i) => `{ fundedBy: "F${i}" }`).join(' ');
    const times: number[] = [];
    let literal = await api.gql(`{ projects(filter: { or: [${branches}] }) { totalCount } }`);
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      literal = await api.gql(`{ projects(filter: { or: [${branches}] }) { totalCount } }`);
      times.push(performance.now() - started);
    }
    log(`300-branch literal or refused in ${Math.min(...times).toFixed(1)} ms (fastest of 3; graphql-js parses and validates the literal first)`);
    expect(literal.status).toBe(400);
    expect(literal.body.errors?.[0]?.extensions?.code).toBe('FILTER_TOO_WIDE');

    const ids = Array.from({ length: MAX_FILTER_TERMS + 1 }, (_, i) => `org:x${i}`);
    const organisations = await api.gql('query($f: OrganisationFilter) { organisations(filter: $f) { totalCount } }', { f: { and: [{ id: ids }] } });
    expect(organisations.status).toBe(400);
    expect(organisations.body.errors?.[0]?.extensions?.code).toBe('FILTER_TOO_WIDE');

    const nested = await api.gql('query($f: ProjectFilter) { organisation(id: "org:iom") { projectsFunded(filter: $f) { totalCount } } }', {
      f: { or: [{ and: Array.from({ length: MAX_FILTER_TERMS + 1 }, () => ({ status: 'ONGOING' })) }] },
    });
    expect(nested.status).toBe(400);
    expect(nested.body.errors?.[0]?.extensions?.code).toBe('FILTER_TOO_WIDE');
  });

  it('refuses a filter nested thousands of levels deep in variables with FILTER_TOO_DEEP, before graphql-js coerces it', async () => {
    // Written by hand: JSON.stringify itself overflows the stack at this depth.
    const filter = `${'{"not":'.repeat(5_000)}{"status":"ONGOING"}${'}'.repeat(5_000)}`;
    const started = performance.now();
    const answer = await api.post(`{"query":${JSON.stringify(PAGE)},"variables":{"filter":${filter}}}`);
    log(`filter nested 5,000 deep refused in ${(performance.now() - started).toFixed(1)} ms`);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('FILTER_TOO_DEEP');
    expect(answer.body.errors?.[0]?.message).toContain(`at most ${MAX_FILTER_DEPTH} levels deep`);
    expect(answer.body.errors?.[0]?.message).toContain('5000 levels');
  });

  it('answers a filter at the bound', async () => {
    // Names the seed graph has (every name of a filter must resolve), repeated up to the bound.
    const funders = ['EU', 'SEM', 'IOM', 'ICMPD', 'EC'];
    const filter = { or: Array.from({ length: MAX_FILTER_TERMS }, (_, i) => ({ fundedBy: funders[i % funders.length] })) };
    const started = performance.now();
    const answer = await api.gql<{ projects: { totalCount: number } }>(PAGE, { filter });
    log(`${MAX_FILTER_TERMS}-branch or of funders answered in ${(performance.now() - started).toFixed(1)} ms with ${answer.body.extensions?.db?.queries} queries`);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.projects.totalCount).toBeGreaterThan(0);
  });
});

describe('a statement that runs too long', () => {
  it('is ended by the transaction timeout with QUERY_TIMEOUT, and Neo4j is free again within the timeout', async () => {
    const timeoutMs = 1_000;
    const db = Database.connect({ ...testDatabaseSettings(), transactionTimeoutMs: timeoutMs });
    const marker = uniqueToken();
    try {
      const started = performance.now();
      const error = await db.read(slowCypher(marker), {}).then(
        () => null,
        (e: unknown) => e,
      );
      const ms = performance.now() - started;
      log(`slow statement with a ${timeoutMs} ms transaction timeout ended after ${ms.toFixed(0)} ms`);
      expect(error).toBeInstanceOf(ServiceError);
      expect((error as ServiceError).code).toBe('QUERY_TIMEOUT');
      expect((error as ServiceError).status).toBe(504);
      // Neo4j checks timeouts periodically; the statement itself would run for many seconds.
      expect(ms).toBeLessThan(timeoutMs + 4_000);
      await waitFor(async () => (await runningWith(marker)) === 0, timeoutMs, 'the timed-out transaction to leave SHOW TRANSACTIONS');
    } finally {
      await db.close();
    }
  }, 30_000);

  it('is cancelled in Neo4j when its signal aborts, long before any timeout', async () => {
    const db = Database.connect({ ...testDatabaseSettings(), transactionTimeoutMs: 60_000 });
    const marker = uniqueToken();
    const controller = new AbortController();
    try {
      const pending = db.read(slowCypher(marker), {}, undefined, { signal: controller.signal }).then(
        () => null,
        (e: unknown) => e,
      );
      await waitFor(async () => (await runningWith(marker)) === 1, 5_000, 'the slow statement to run');
      const started = performance.now();
      controller.abort(new ServiceError('CLIENT_CLOSED_REQUEST', 'gone'));
      const error = await pending;
      expect((error as ServiceError).code).toBe('CLIENT_CLOSED_REQUEST');
      await waitFor(async () => (await runningWith(marker)) === 0, 5_000, 'the cancelled transaction to leave SHOW TRANSACTIONS');
      log(`aborted statement gone from SHOW TRANSACTIONS ${(performance.now() - started).toFixed(0)} ms after the abort`);
    } finally {
      await db.close();
    }
  }, 30_000);
});

describe('the local Neo4j', () => {
  const local = process.env.TEST_NEO4J_HOME ? it : it.skip;
  local('ends, as a backstop, a transaction that comes without a timeout of its own (db.transaction.timeout)', async () => {
    const result = await observer.read("SHOW SETTINGS YIELD name, value WHERE name = 'db.transaction.timeout' RETURN value", {});
    expect(result.records.map((r) => String(r.get('value')))).toEqual([SERVER_TRANSACTION_TIMEOUT]);
  });
});

describe('a request whose work outlasts its client or its time', () => {
  /** A server over its own Database, so that its reads can be made slow without touching the other tests. */
  async function slowServer(options: { transactionTimeoutMs: number; requestTimeoutMs?: number }): Promise<{ server: RunningServer; db: Database; marker: string }> {
    const db = Database.connect({ ...testDatabaseSettings(), transactionTimeoutMs: options.transactionTimeoutMs });
    const server = await startServer(
      {
        db,
        catalog: new CypherCatalog(),
        production: false,
        introspection: true,
        readiness: () => checkReadiness(db),
        log: () => undefined,
        security: { rateLimit: null, ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs, headersTimeoutMs: options.requestTimeoutMs } : {}) },
      },
      '127.0.0.1',
      0,
    );
    const marker = uniqueToken();
    slowEveryRead(db, marker);
    return { server, db, marker };
  }

  async function stop({ server, db }: { server: RunningServer; db: Database }): Promise<void> {
    server.http.closeAllConnections();
    await server.stop();
    await db.close();
  }

  const QUERY = JSON.stringify({ query: '{ projects { totalCount } }' });

  it('leaves no running transaction behind when the client hangs up', async () => {
    const slow = await slowServer({ transactionTimeoutMs: 60_000 });
    try {
      const controller = new AbortController();
      const request = fetch(slow.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY, signal: controller.signal }).catch((e: unknown) => e);
      await waitFor(async () => (await runningWith(slow.marker)) === 1, 5_000, 'the request to start its slow query');
      const started = performance.now();
      controller.abort();
      expect(await request).toMatchObject({ name: 'AbortError' });
      await waitFor(async () => (await runningWith(slow.marker)) === 0, 5_000, "the hung-up client's transaction to leave SHOW TRANSACTIONS");
      log(`hung-up client's query gone from SHOW TRANSACTIONS ${(performance.now() - started).toFixed(0)} ms after it hung up`);
    } finally {
      await stop(slow);
    }
  }, 30_000);

  it('answers 504 QUERY_TIMEOUT, not DATABASE_ERROR, when its statement runs past the transaction timeout', async () => {
    const slow = await slowServer({ transactionTimeoutMs: 1_000 });
    try {
      const started = performance.now();
      const response = await fetch(slow.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY });
      const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
      log(`request over the transaction timeout answered ${response.status} after ${(performance.now() - started).toFixed(0)} ms`);
      expect({ status: response.status, code: body.errors?.[0]?.extensions?.code }).toEqual({ status: 504, code: 'QUERY_TIMEOUT' });
      await waitFor(async () => (await runningWith(slow.marker)) === 0, 1_000, 'the timed-out transaction to leave SHOW TRANSACTIONS');
    } finally {
      await stop(slow);
    }
  }, 30_000);

  it('answers 504 QUERY_TIMEOUT and cancels its query when the request runs past the HTTP request timeout', async () => {
    const slow = await slowServer({ transactionTimeoutMs: 60_000, requestTimeoutMs: 1_500 });
    try {
      const started = performance.now();
      const response = await fetch(slow.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY });
      const ms = performance.now() - started;
      const body = (await response.json()) as { errors?: Array<{ message: string; extensions?: { code?: string } }> };
      log(`request over the HTTP request timeout answered ${response.status} after ${ms.toFixed(0)} ms`);
      expect({ status: response.status, code: body.errors?.[0]?.extensions?.code }).toEqual({ status: 504, code: 'QUERY_TIMEOUT' });
      expect(body.errors?.[0]?.message).toContain('1500 ms');
      expect(ms).toBeLessThan(5_000);
      await waitFor(async () => (await runningWith(slow.marker)) === 0, 5_000, "the timed-out request's transaction to leave SHOW TRANSACTIONS");
    } finally {
      await stop(slow);
    }
  }, 30_000);
});
