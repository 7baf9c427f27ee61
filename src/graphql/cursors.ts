import type { PageRequest } from '../db/cypher/paging';
import { ServiceError } from '../errors';
import { DEFAULT_PAGE_SIZE, MAX_CURSOR_OFFSET, MAX_PAGE_SIZE, rangeProblem } from '../domain/limits';

/**
 * A cursor is the offset of an item in a stable ordering, base64url-encoded behind a prefix
 * so that clients treat it as opaque and a string we did not make is recognised.
 */
const CURSOR_PREFIX = 'offset:';

/** An opaque cursor for the item at `offset` of a stable ordering. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`, 'utf8').toString('base64url');
}

/** The offset as encodeCursor writes it: decimal digits, no sign, no leading zero, no exponent. */
const OFFSET_DIGITS = /^(?:0|[1-9][0-9]{0,15})$/;

/** How much of a refused cursor the error repeats: enough to recognise it, never a whole body. */
const ECHO_LENGTH = 40;

function echo(text: string): string {
  return text.length > ECHO_LENGTH ? `${text.slice(0, ECHO_LENGTH)}…` : text;
}

/**
 * The offset a cursor of ours stands for; refuses anything `encodeCursor` did not make. Only
 * the exact text it writes is taken: `Number()` alone would read `1e300`, `0x10` or ` 1`, and
 * an offset past a safe integer reaches Neo4j as a float it refuses (a DATABASE_ERROR, not the
 * client's mistake it is). Encoding the offset again and comparing also refuses other spellings
 * of the same bytes (padding, characters base64url decoding skips).
 */
export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const digits = text.startsWith(CURSOR_PREFIX) ? text.slice(CURSOR_PREFIX.length) : null;
  const offset = digits !== null && OFFSET_DIGITS.test(digits) ? Number(digits) : Number.NaN;
  if (!Number.isSafeInteger(offset) || offset > MAX_CURSOR_OFFSET || encodeCursor(offset) !== cursor) {
    throw new ServiceError(
      'BAD_USER_INPUT',
      `"after" must be an endCursor from an earlier page (base64url of "${CURSOR_PREFIX}" and an offset from 0 to ${MAX_CURSOR_OFFSET} in decimal digits); got "${echo(cursor)}", which reads "${echo(JSON.stringify(text).slice(1, -1))}".`,
    );
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
