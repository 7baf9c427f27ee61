import type { PageRequest } from '../db/cypher/paging';
import { ServiceError } from '../errors';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, rangeProblem } from '../domain/limits';

/**
 * A cursor is the offset of an item in a stable ordering, base64url-encoded behind a prefix
 * so that clients treat it as opaque and a string we did not make is recognised.
 */
const CURSOR_PREFIX = 'offset:';

/** An opaque cursor for the item at `offset` of a stable ordering. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`, 'utf8').toString('base64url');
}

/** The offset a cursor of ours stands for; refuses anything `encodeCursor` did not make. */
export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const offset = Number(text.slice(CURSOR_PREFIX.length));
  if (!text.startsWith(CURSOR_PREFIX) || !Number.isInteger(offset) || offset < 0) {
    throw new ServiceError('BAD_USER_INPUT', `"after" must be an endCursor from an earlier page; got "${cursor}".`);
  }
  return offset;
}

/** Checks `first` and `after` and turns them into the window the data layer reads. */
export function pageRequest(first: number | null | undefined, after: string | null | undefined): PageRequest {
  const limit = first ?? DEFAULT_PAGE_SIZE;
  const problem = rangeProblem('first', limit, 0, MAX_PAGE_SIZE);
  if (problem) throw new ServiceError('BAD_USER_INPUT', problem);
  const skip = after ? decodeCursor(after) + 1 : 0;
  return { skip, limit };
}
