import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext } from '@apollo/server';
import { print, type DocumentNode } from 'graphql';
import type { RequestContext } from './context';

/**
 * A cache of whole GraphQL answers for repeated identical reads.
 *
 * - The key is the normalised query (the parsed document printed back, so white space,
 *   comments and formatting do not matter), the operation name, the variables with their
 *   keys sorted, and who asks (anonymous, or the API key's role).
 * - Only queries are cached, and only answers without errors.
 * - Every write this process makes empties it (Database.onWrite), and an answer computed
 *   while a write happened is not stored. Writes made by another process (another replica,
 *   `npm run ingest` beside a running service) cannot reach it: `ttlMs` bounds how stale an
 *   answer can then be.
 * - It holds at most `maxEntries` answers and `maxBytes` of them, the least recently used
 *   going first.
 */
export interface ResponseCacheSettings {
  enabled: boolean;
  ttlMs: number;
  maxEntries: number;
  maxBytes: number;
}

export const DEFAULT_RESPONSE_CACHE: Readonly<ResponseCacheSettings> = Object.freeze({
  enabled: true,
  ttlMs: 30_000,
  maxEntries: 2_000,
  maxBytes: 64 * 1024 * 1024,
});

interface Entry {
  data: Record<string, unknown>;
  bytes: number;
  expires: number;
}

export interface ResponseCacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
  invalidations: number;
}

export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly printed = new WeakMap<DocumentNode, string>();
  private bytes = 0;
  private generation = 0;
  private readonly counters = { hits: 0, misses: 0, invalidations: 0 };

  constructor(
    readonly settings: Readonly<ResponseCacheSettings>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The current write generation; an answer is stored only if no write happened since it began. */
  get currentGeneration(): number {
    return this.generation;
  }

  /** Drops every entry: called on each write. */
  invalidate(): void {
    this.generation += 1;
    this.counters.invalidations += 1;
    this.entries.clear();
    this.bytes = 0;
  }

  key(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | undefined, who: string): string {
    let query = this.printed.get(document);
    if (query === undefined) {
      query = print(document);
      this.printed.set(document, query);
    }
    return `${who}\u0000${operationName ?? ''}\u0000${stableStringify(variables ?? {})}\u0000${query}`;
  }

  get(key: string): Record<string, unknown> | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.expires <= this.now()) {
      if (entry !== undefined) this.remove(key, entry);
      this.counters.misses += 1;
      return undefined;
    }
    // Re-inserting moves the entry to the young end of the Map's order (least recently used first).
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.counters.hits += 1;
    return entry.data;
  }

  set(key: string, data: Record<string, unknown>, generation: number): void {
    if (generation !== this.generation) return;
    const bytes = Buffer.byteLength(key) + Buffer.byteLength(JSON.stringify(data));
    if (bytes > this.settings.maxBytes) return;
    const previous = this.entries.get(key);
    if (previous !== undefined) this.remove(key, previous);
    this.entries.set(key, { data, bytes, expires: this.now() + this.settings.ttlMs });
    this.bytes += bytes;
    for (const [oldKey, oldEntry] of this.entries) {
      if (this.entries.size <= this.settings.maxEntries && this.bytes <= this.settings.maxBytes) break;
      this.remove(oldKey, oldEntry);
    }
  }

  stats(): ResponseCacheStats {
    return { ...this.counters, entries: this.entries.size, bytes: this.bytes };
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}

/** One step of `stableStringify`'s work: a value still to write, or text to write as it is. */
type PendingOutput = { value: unknown } | { text: string };

/**
 * JSON with object keys sorted, so that {a, b} and {b, a} give the same key. Written with a
 * stack of its own rather than by recursion: variables are the client's, and a value nested a
 * few thousand levels deep (well inside the body limit) would overflow the call stack.
 */
export function stableStringify(value: unknown): string {
  const out: string[] = [];
  const pending: PendingOutput[] = [{ value }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if ('text' in next) {
      out.push(next.text);
      continue;
    }
    const current = next.value;
    // The parts are pushed last first, so that they are popped, and written, in order.
    if (Array.isArray(current)) {
      pending.push({ text: ']' });
      for (let i = current.length - 1; i >= 0; i--) {
        pending.push({ value: current[i] });
        if (i > 0) pending.push({ text: ',' });
      }
      pending.push({ text: '[' });
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      pending.push({ text: '}' });
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i]!;
        pending.push({ value: item });
        pending.push({ text: `${JSON.stringify(key)}:` });
        if (i > 0) pending.push({ text: ',' });
      }
      pending.push({ text: '{' });
    } else {
      out.push(JSON.stringify(current) ?? 'null');
    }
  }
  return out.join('');
}

function whoAsks(context: RequestContext): string {
  return context.viewer.kind === 'anonymous' ? 'anonymous' : `role:${context.viewer.role}`;
}

export interface ResponseCachePluginOptions {
  /**
   * Whether anonymous clients are told `x-response-cache: HIT|MISS`. Off in production: a HIT
   * tells a stranger that another anonymous client asked the same thing within the last
   * `ttlMs`. API-key holders are always told (their answers are cached apart, by role).
   */
  tellAnonymousClients: boolean;
}

/**
 * The Apollo plugin: answers a repeated read from the cache (after parsing and validation,
 * so every limit still applies), marks the answer `x-response-cache: HIT` or `MISS` for those
 * `options` allow, and stores error-free answers to queries.
 */
export function responseCachePlugin(cache: ResponseCache, options: Readonly<ResponseCachePluginOptions>): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const generation = cache.currentGeneration;
      let key: string | null = null;
      let hit = false;
      return {
        async responseForOperation(requestContext: GraphQLRequestContext<RequestContext>) {
          if (requestContext.operation?.operation !== 'query' || requestContext.document === undefined) return null;
          key = cache.key(requestContext.document, requestContext.request.operationName, requestContext.request.variables, whoAsks(requestContext.contextValue));
          const data = cache.get(key);
          if (data === undefined) return null;
          hit = true;
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data } } };
        },
        async willSendResponse({ response, contextValue }) {
          if (key === null) return;
          if (options.tellAnonymousClients || contextValue.viewer.kind !== 'anonymous') response.http.headers.set('x-response-cache', hit ? 'HIT' : 'MISS');
          if (hit || response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if ((errors?.length ?? 0) > 0 || data === null || data === undefined) return;
          if (response.http.status !== undefined && response.http.status !== 200) return;
          // An answer that followed a redirect carries it in extensions, which the cache does not keep: not stored.
          if (contextValue.loaders.redirects.size > 0) return;
          cache.set(key, data, generation);
        },
      };
    },
  };
}
