import { RateLimiter } from '../../src/security/rateLimit';

/** A clock the test moves by hand: no sleeps. */
function manualClock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('the rate limiter', () => {
  it('lets a burst through, then refuses with the seconds until the next token', () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ perMinute: 60, burst: 3 }, clock.now);
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('gives tokens back at the configured rate, never above the burst', () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ perMinute: 6, burst: 2 }, clock.now); // one token every 10 s
    limiter.take('a');
    limiter.take('a');
    const refused = limiter.take('a');
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 10 });
    clock.advance(9_000);
    expect(limiter.take('a').allowed).toBe(false);
    clock.advance(1_000);
    expect(limiter.take('a').allowed).toBe(true);
    clock.advance(600_000);
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, false]);
  });

  it('counts each client on its own', () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ perMinute: 60, burst: 1 }, clock.now);
    expect(limiter.take('key:ana').allowed).toBe(true);
    expect(limiter.take('key:ana').allowed).toBe(false);
    expect(limiter.take('address:127.0.0.1').allowed).toBe(true);
  });

  it('forgets clients whose bucket is full again once it tracks many', () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ perMinute: 60_000, burst: 1 }, clock.now);
    for (let i = 0; i < 10_000; i++) limiter.take(`address:${i}`);
    expect(limiter.size).toBe(10_000);
    clock.advance(1_000);
    limiter.take('address:new');
    expect(limiter.size).toBe(1);
  });

  it('refuses settings that would let nothing through', () => {
    expect(() => new RateLimiter({ perMinute: 0, burst: 1 })).toThrow(/perMinute > 0/);
    expect(() => new RateLimiter({ perMinute: 10, burst: 0 })).toThrow(/burst >= 1/);
  });
});
