import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../projectRoot';
import type { Database } from './database';
import { toPlain } from '../conversions';

export interface Migration {
  id: string;
  checksum: string;
  statements: string[];
}

const MIGRATION_FILE = /^(\d{3})_[a-z0-9_]+\.cypher$/;

/** Splits a migration file into statements: `;` ends a statement, `//` starts a comment. */
export function splitStatements(text: string): string[] {
  const withoutComments = text
    .split('\n')
    .map((line) => line.replace(/^\s*\/\/.*$/, ''))
    .join('\n');
  return withoutComments
    .split(/;\s*(?:\n|$)/)
    .map((statement) => statement.trim())
    .filter(Boolean);
}

/** The migrations in cypher/migrations, in the order of their number. */
export function readMigrations(directory: string = path.join(projectRoot(), 'cypher', 'migrations')): Migration[] {
  return readdirSync(directory)
    .filter((file) => {
      if (!file.endsWith('.cypher')) return false;
      if (!MIGRATION_FILE.test(file)) throw new Error(`Migration ${file} must be named NNN_snake_case.cypher`);
      return true;
    })
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(directory, file), 'utf8');
      return { id: file.replace(/\.cypher$/, ''), checksum: createHash('sha256').update(text).digest('hex'), statements: splitStatements(text) };
    });
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

const RECORD_CONSTRAINT = 'CREATE CONSTRAINT migration_id IF NOT EXISTS FOR (m:Migration) REQUIRE m.id IS UNIQUE';

async function appliedMigrations(db: Database): Promise<Map<string, string>> {
  const result = await db.read('MATCH (m:Migration) RETURN m.id AS id, m.checksum AS checksum', {});
  return new Map(result.records.map((r) => [String(toPlain(r.get('id'))), String(toPlain(r.get('checksum')))]));
}

/**
 * Applies, in order, every migration not yet recorded in the database, and records each as a
 * (:Migration {id, checksum, appliedAt}) node. Statements are idempotent (IF NOT EXISTS), so a
 * migration interrupted half-way is simply applied again. A migration edited after it was
 * applied is refused: write a new one instead.
 */
export async function migrate(db: Database, migrations: Migration[] = readMigrations(), log: (m: string) => void = () => {}): Promise<string[]> {
  await db.schema(RECORD_CONSTRAINT);
  const applied = await appliedMigrations(db);
  const ran: string[] = [];
  for (const migration of migrations) {
    const checksum = applied.get(migration.id);
    if (checksum !== undefined) {
      if (checksum !== migration.checksum) {
        throw new MigrationError(`Migration ${migration.id} was changed after it was applied; add a new migration instead.`);
      }
      continue;
    }
    for (const statement of migration.statements) await db.schema(statement);
    await db.write((tx) => tx.run('MERGE (m:Migration {id: $id}) SET m.checksum = $checksum, m.appliedAt = datetime()', { id: migration.id, checksum: migration.checksum }));
    log(`migration ${migration.id} applied`);
    ran.push(migration.id);
  }
  await db.schema('CALL db.awaitIndexes(300)');
  return ran;
}

/** The migrations in cypher/migrations that the database has not recorded. */
export async function pendingMigrations(db: Database, migrations: Migration[] = readMigrations()): Promise<string[]> {
  const applied = await appliedMigrations(db);
  return migrations.filter((m) => applied.get(m.id) !== m.checksum).map((m) => m.id);
}
