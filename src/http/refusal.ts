import type { ServerResponse } from 'node:http';
import { ERROR_CODES, MASKED_MESSAGE, type ErrorCode } from '../errors';

/** Why a plain HTTP route does not answer: a ServiceError is one. */
export interface Refusal {
  code: ErrorCode;
  message: string;
  /** Headers of this refusal (Retry-After, say), over those the code's entry gives. */
  headers?: Readonly<Record<string, string>>;
}

/**
 * Writes a refusal as /graphql writes its errors, `{"errors": [{"message", "extensions": {"code"}}]}`,
 * with the status and headers of the code's entry (errors/errorCodes.ts), so that a client
 * reads every refusal of the service, GraphQL or not, the same way. A message the table does
 * not mark safe is never sent.
 */
export function sendRefusal(res: ServerResponse, refusal: Refusal): void {
  const entry = ERROR_CODES[refusal.code];
  res.statusCode = entry.status;
  for (const [name, value] of Object.entries({ ...entry.headers, ...refusal.headers })) res.setHeader(name, value);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  const message = entry.safeInProduction ? refusal.message : MASKED_MESSAGE;
  const body = JSON.stringify({ errors: [{ message, extensions: { code: entry.extensionCode } }] });
  // Set explicitly: Node sends no length for an answer to HEAD, whose body it drops.
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
