import type { NameOutcome } from '../../src/db/repositories/nameRepository';
import { NameCache } from '../../src/graphql/nameCache';

const outcome: NameOutcome = { decision: { kind: 'NOT_FOUND', suggestions: [] }, records: new Map() };

describe('the cache of name resolutions', () => {
  it('resolves a name once while it is fresh, and again once it is not', async () => {
    let now = 0;
    const cache = new NameCache(10, 1_000, () => now);
    const resolve = jest.fn(async () => outcome);
    await cache.get('Organisation|DGMM', resolve);
    await cache.get('Organisation|DGMM', resolve);
    expect(resolve).toHaveBeenCalledTimes(1);
    now = 1_000;
    await cache.get('Organisation|DGMM', resolve);
    expect(resolve).toHaveBeenCalledTimes(2);
  });

  it('forgets everything on a write, a resolution under way included', async () => {
    const cache = new NameCache();
    let finish: (value: NameOutcome) => void = () => undefined;
    const pending = cache.get('k', () => new Promise<NameOutcome>((resolve) => (finish = resolve)));
    cache.invalidate();
    finish(outcome);
    await pending;
    const resolve = jest.fn(async () => outcome);
    await cache.get('k', resolve);
    expect(resolve).toHaveBeenCalledTimes(1);
  });

  it('keeps no failed resolution, and no more entries than its bound', async () => {
    const cache = new NameCache(2);
    await expect(cache.get('bad', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(cache.size).toBe(0);
    for (const key of ['a', 'b', 'c']) await cache.get(key, async () => outcome);
    expect(cache.size).toBe(2);
  });
});
