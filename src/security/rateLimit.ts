/**
 * A token bucket per client (an API key's name, or else the address): each request takes a
 * token, tokens come back at a steady rate up to the bucket's size, and an empty bucket
 * answers 429 with the seconds until the next token. Kept in memory: one process, one count.
 */

export interface RateLimitSettings {
  /** Tokens added per minute: the sustained rate a client may keep up. */
  perMinute: number;
  /** The bucket's size: how many requests a client may send at once after a pause. */
  burst: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/** Full buckets say nothing a new bucket would not, so they are dropped beyond this many clients. */
const SWEEP_ABOVE = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(settings.perMinute > 0) || !(settings.burst >= 1)) {
      throw new Error(`A rate limit needs perMinute > 0 and burst >= 1; got ${settings.perMinute}/min, burst ${settings.burst}.`);
    }
    this.perMs = settings.perMinute / 60_000;
  }

  /** Takes one token from `client`'s bucket, or says how long until one is there. */
  take(client: string): RateDecision {
    const now = this.now();
    const bucket = this.refilled(client, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)) };
  }

  /** How many clients are tracked (for tests of the sweep). */
  get size(): number {
    return this.buckets.size;
  }

  private refilled(client: string, now: number): Bucket {
    let bucket = this.buckets.get(client);
    if (!bucket) {
      if (this.buckets.size >= SWEEP_ABOVE) this.sweep(now);
      bucket = { tokens: this.settings.burst, updatedMs: now };
      this.buckets.set(client, bucket);
      return bucket;
    }
    bucket.tokens = Math.min(this.settings.burst, bucket.tokens + (now - bucket.updatedMs) * this.perMs);
    bucket.updatedMs = now;
    return bucket;
  }

  private sweep(now: number): void {
    for (const [client, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedMs) * this.perMs >= this.settings.burst) this.buckets.delete(client);
    }
  }
}
