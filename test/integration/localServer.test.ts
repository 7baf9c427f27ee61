import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Database } from '../../src/db/driver/database';
import { waitForDatabase } from '../../src/db/driver/readiness';
import { ensureLocalNeo4j, localNeo4jPid, portAnswers, stopLocalNeo4j } from '../../src/neo4j-server/localServer';
import { projectRoot } from '../../src/projectRoot';
import { freePort } from '../support/testDatabase';

const sharedHome = process.env.TEST_NEO4J_HOME;
const describeLocal = sharedHome ? describe : describe.skip;

describeLocal('the project\'s own Neo4j', () => {
  it('is reused, not started twice, when it is already running', async () => {
    const port = Number(process.env.TEST_NEO4J_PORT);
    const pid = localNeo4jPid(sharedHome!);
    expect(pid).not.toBeNull();
    const again = await ensureLocalNeo4j({ home: sharedHome!, boltPort: port, heapMb: 1024, pageCacheMb: 256 });
    expect(again).toMatchObject({ reused: true, pid, uri: `bolt://127.0.0.1:${port}` });
  });

  it('listens on 127.0.0.1 only, with authentication on', async () => {
    const conf = readFileSync(path.join(sharedHome!, 'conf', 'neo4j.conf'), 'utf8');
    expect(conf).toMatch(/^server\.default_listen_address=127\.0\.0\.1$/m);
    expect(conf).toMatch(/^server\.http\.enabled=false$/m);
    expect(conf).toMatch(/^dbms\.security\.auth_enabled=true$/m);
    const wrong = Database.connect({ uri: process.env.TEST_NEO4J_URI!, user: 'neo4j', password: 'not-the-password' });
    await expect(wrong.verify()).rejects.toThrow();
    await wrong.close();
  });

  it('keeps a generated password beside its data, readable by its owner only', () => {
    const file = path.join(sharedHome!, 'password');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(readFileSync(file, 'utf8').trim()).toBe(process.env.TEST_NEO4J_PASSWORD);
  });

  it('starts in its own folder on a free port, keeps a given password, and stops cleanly on SIGTERM', async () => {
    const home = path.join(projectRoot(), '.neo4j', `test-lifecycle-${process.pid}`);
    rmSync(home, { recursive: true, force: true });
    const port = await freePort();
    const server = await ensureLocalNeo4j({ home, boltPort: port, heapMb: 512, pageCacheMb: 64, password: 'a-given-password' });
    try {
      expect(server.reused).toBe(false);
      const db = Database.connect({ uri: server.uri, user: 'neo4j', password: 'a-given-password' });
      await waitForDatabase(db);
      const result = await db.read('RETURN 1 AS one', {});
      expect(Number(result.records[0]?.get('one'))).toBe(1);
      await db.close();
    } finally {
      expect(await stopLocalNeo4j(home)).toBe(true);
    }
    expect(localNeo4jPid(home)).toBeNull();
    expect(await portAnswers(port)).toBe(false);
    expect(readFileSync(path.join(home, 'logs', 'console.log'), 'utf8')).toMatch(/Stopped\./);
    rmSync(home, { recursive: true, force: true });
  }, 180_000);
});
