import type { IncomingMessage } from 'node:http';
import { ServiceError } from '../errors';

/** Request bodies larger than this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 100 * 1024;

/** Reads the whole body as text, refusing more than `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) throw new ServiceError('PAYLOAD_TOO_LARGE', `The request body may be at most ${limit} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new ServiceError('PAYLOAD_TOO_LARGE', `The request body may be at most ${limit} bytes.`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a JSON body when the request says it is JSON; otherwise hands on the text. */
export function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return undefined;
  if (!contentType || !contentType.toLowerCase().includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ServiceError('BAD_REQUEST', 'The request body is not valid JSON.');
  }
}
