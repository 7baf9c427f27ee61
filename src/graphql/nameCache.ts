import type { NameOutcome } from '../db/repositories/nameRepository';

/**
 * What names resolved to, kept across requests: researchers ask about the same donors,
 * beneficiaries and countries again and again, and each name given to a filter would
 * otherwise cost a round trip to Neo4j before the query itself. Every write this process makes
 * empties it (Database.onWrite, as for the response cache), and an entry lives `ttlMs` at
 * most, which bounds how stale it can be after a write by another process (`npm run ingest`).
 * A failed resolution is not kept.
 */
export class NameCache {
  private readonly entries = new Map<string, { outcome: Promise<NameOutcome>; expires: number }>();

  constructor(
    private readonly maxEntries = 5_000,
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The outcome of `key`, resolved by `resolve` when it is not kept (or no longer fresh). */
  get(key: string, resolve: () => Promise<NameOutcome>): Promise<NameOutcome> {
    const kept = this.entries.get(key);
    if (kept && kept.expires > this.now()) {
      // Least recently used first: a hit moves to the end.
      this.entries.delete(key);
      this.entries.set(key, kept);
      return kept.outcome;
    }
    const outcome = resolve();
    // A write while it resolves empties the cache, this entry with it: a pre-write answer is never kept.
    this.entries.set(key, { outcome, expires: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    outcome.catch(() => {
      if (this.entries.get(key)?.outcome === outcome) this.entries.delete(key);
    });
    return outcome;
  }

  /** Forgets everything: called after every write. */
  invalidate(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
