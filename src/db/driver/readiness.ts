import type { Database } from './database';
import { pendingMigrations } from './migrations';

export interface Readiness {
  ready: boolean;
  checks: Record<string, string>;
}

/** /readyz: ready when Neo4j answers and every migration in cypher/migrations is applied. */
export async function checkReadiness(db: Database): Promise<Readiness> {
  try {
    await db.verify();
  } catch {
    return { ready: false, checks: { neo4j: 'unavailable', migrations: 'unknown' } };
  }
  try {
    const pending = await pendingMigrations(db);
    return pending.length === 0
      ? { ready: true, checks: { neo4j: 'ok', migrations: 'ok' } }
      : { ready: false, checks: { neo4j: 'ok', migrations: `pending: ${pending.join(', ')}` } };
  } catch {
    return { ready: false, checks: { neo4j: 'unavailable', migrations: 'unknown' } };
  }
}

/** Waits for the database to accept queries (a fresh server opens Bolt a moment before). */
export async function waitForDatabase(db: Database, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await db.verify();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
