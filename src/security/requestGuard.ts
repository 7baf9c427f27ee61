import type { IncomingMessage } from 'node:http';
import type { ErrorCode } from '../errors';
import { ANONYMOUS, authenticate, type ApiKey, type Viewer } from './apiKeys';
import { RateLimiter, type RateLimitSettings } from './rateLimit';

/**
 * A request let through, with who sent it, or refused, with the code (whose status the table
 * of errors/errorCodes.ts gives), the message and the headers of the answer.
 */
export type Admission =
  | { admitted: true; viewer: Viewer }
  | { admitted: false; code: Extract<ErrorCode, 'RATE_LIMITED' | 'UNAUTHENTICATED'>; message: string; headers: Record<string, string> };

/**
 * The door of /graphql, before the body is read: rate limiting per client (the API key's
 * name, or else the address) and authentication. A wrong key is refused outright; it is
 * counted against the address, so guessing keys is rate-limited too.
 */
export class RequestGuard {
  private readonly limiter: RateLimiter | null;

  constructor(
    private readonly apiKeys: readonly ApiKey[],
    rateLimit: RateLimitSettings | null,
    now?: () => number,
  ) {
    this.limiter = rateLimit ? new RateLimiter(rateLimit, now) : null;
  }

  admit(req: IncomingMessage): Admission {
    const header = req.headers.authorization;
    const auth = authenticate(Array.isArray(header) ? header[0] : header, this.apiKeys);
    const viewer = auth.kind === 'valid' ? auth.viewer : ANONYMOUS;
    const client = viewer.kind === 'key' ? `key:${viewer.name}` : `address:${req.socket.remoteAddress ?? 'unknown'}`;
    const decision = this.limiter?.take(client) ?? { allowed: true };
    if (!decision.allowed) {
      return {
        admitted: false,
        code: 'RATE_LIMITED',
        message: `Too many requests; try again in ${decision.retryAfterSeconds} s.`,
        headers: { 'Retry-After': String(decision.retryAfterSeconds) },
      };
    }
    if (auth.kind === 'invalid') {
      return {
        admitted: false,
        code: 'UNAUTHENTICATED',
        message: 'The API key is not valid. Send "Authorization: Bearer <key>", or no Authorization header to read anonymously.',
        headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      };
    }
    return { admitted: true, viewer };
  }
}
