import { ServiceError } from '../driver/neo4jErrors';

/** Connections give 20 items unless asked, and never more than 100 at once. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  skip: number;
  limit: number;
}

const CURSOR_PREFIX = 'offset:';

/** An opaque cursor for the item at `offset` of a stable ordering. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const offset = Number(text.slice(CURSOR_PREFIX.length));
  if (!text.startsWith(CURSOR_PREFIX) || !Number.isInteger(offset) || offset < 0) {
    throw new ServiceError('BAD_USER_INPUT', `"after" must be an endCursor from an earlier page; got "${cursor}".`);
  }
  return offset;
}

/** Checks `first` and `after` and turns them into SKIP and LIMIT. */
export function pageRequest(first: number | null | undefined, after: string | null | undefined): PageRequest {
  const limit = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
    throw new ServiceError('BAD_USER_INPUT', `"first" must be between 0 and ${MAX_PAGE_SIZE}; got ${limit}.`);
  }
  const skip = after ? decodeCursor(after) + 1 : 0;
  return { skip, limit };
}
