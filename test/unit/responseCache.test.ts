import { parse } from 'graphql';
import { ResponseCache, stableStringify } from '../../src/graphql/responseCache';

const settings = { enabled: true, ttlMs: 1_000, maxEntries: 3, maxBytes: 1024 * 1024 };

describe('ResponseCache', () => {
  it('gives one key to the same query however it is written, and to variables in any order', () => {
    const cache = new ResponseCache(settings);
    const a = cache.key(parse('query($id: ID!) { organisation(id: $id) { id name } }'), null, { id: 'x', n: 1 }, 'anonymous');
    const b = cache.key(parse('query ($id: ID!)\n{\n  # comment\n  organisation(id: $id) {\n id\n name } }'), undefined, { n: 1, id: 'x' }, 'anonymous');
    expect(a).toBe(b);
    expect(cache.key(parse('{ organisation(id: "x") { id } }'), null, {}, 'anonymous')).not.toBe(a);
    expect(cache.key(parse('query($id: ID!) { organisation(id: $id) { id name } }'), null, { id: 'y', n: 1 }, 'anonymous')).not.toBe(a);
    expect(cache.key(parse('query($id: ID!) { organisation(id: $id) { id name } }'), null, { id: 'x', n: 1 }, 'role:curator')).not.toBe(a);
  });

  it('sorts keys at every depth and keeps arrays in order', () => {
    expect(stableStringify({ b: [2, { y: 1, x: 2 }], a: null })).toBe('{"a":null,"b":[2,{"x":2,"y":1}]}');
    expect(stableStringify([1, 2])).not.toBe(stableStringify([2, 1]));
  });

  it('writes what JSON.stringify writes for JSON values, undefined members left out as JSON does', () => {
    const value = { a: [1, 'two', null, true, { c: -1.5e-7, b: 'é"\\\n' }, []], d: {}, e: undefined, f: [undefined] };
    expect(stableStringify(value)).toBe(JSON.stringify({ a: [1, 'two', null, true, { b: 'é"\\\n', c: -1.5e-7 }, []], d: {}, f: [null] }));
    expect(stableStringify('text')).toBe('"text"');
    expect(stableStringify(undefined)).toBe('null');
  });

  it('keys variables nested 100,000 deep, far past what a recursive walk survives, without overflowing the stack', () => {
    const depth = 100_000;
    let nested: unknown = 'bottom';
    // What the key must be, built the same way from the inside out (JSON.stringify and toEqual recurse, and would overflow).
    let expected = '"bottom"';
    for (let i = 0; i < depth; i++) {
      nested = i % 2 === 0 ? [nested] : { z: nested, a: i };
      expected = i % 2 === 0 ? `[${expected}]` : `{"a":${i},"z":${expected}}`;
    }
    expect(stableStringify(nested)).toBe(expected);
    const cache = new ResponseCache(settings);
    expect(() => cache.key(parse('{ __typename }'), null, { deep: nested }, 'anonymous')).not.toThrow();
  });

  it('forgets an answer after its time to live', () => {
    let now = 0;
    const cache = new ResponseCache(settings, () => now);
    cache.set('k', { v: 1 }, cache.currentGeneration);
    now = 999;
    expect(cache.get('k')).toEqual({ v: 1 });
    now = 1_000;
    expect(cache.get('k')).toBeUndefined();
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, entries: 0, bytes: 0 });
  });

  it('drops the least recently used answer when full', () => {
    const cache = new ResponseCache(settings);
    for (const key of ['a', 'b', 'c']) cache.set(key, { key }, cache.currentGeneration);
    expect(cache.get('a')).toEqual({ key: 'a' });
    cache.set('d', { key: 'd' }, cache.currentGeneration);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toEqual({ key: 'a' });
    expect(cache.stats().entries).toBe(3);
  });

  it('keeps within its byte budget', () => {
    const cache = new ResponseCache({ ...settings, maxEntries: 100, maxBytes: 200 });
    cache.set('big', { text: 'x'.repeat(500) }, cache.currentGeneration);
    expect(cache.get('big')).toBeUndefined();
    for (let i = 0; i < 10; i += 1) cache.set(`k${i}`, { text: 'y'.repeat(40) }, cache.currentGeneration);
    expect(cache.stats().bytes).toBeLessThanOrEqual(200);
    expect(cache.get('k9')).toBeDefined();
  });

  it('empties on a write and refuses an answer computed before the write', () => {
    const cache = new ResponseCache(settings);
    const started = cache.currentGeneration;
    cache.set('a', { v: 1 }, started);
    cache.invalidate();
    expect(cache.get('a')).toBeUndefined();
    cache.set('b', { v: 2 }, started);
    expect(cache.get('b')).toBeUndefined();
    cache.set('b', { v: 2 }, cache.currentGeneration);
    expect(cache.get('b')).toEqual({ v: 2 });
  });
});
