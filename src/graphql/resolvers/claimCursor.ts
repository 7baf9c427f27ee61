import { ServiceError } from '../../errors';

/**
 * The cursor of the conflicts list: the last entity id of a page, opaque to clients. Kept
 * apart from src/graphql/cursors.ts (offsets), since conflicts page by id: a conflict settled
 * between two pages does not shift the next one.
 */
const PREFIX = 'conflict:';

export function encodeConflictCursor(entityId: string): string {
  return Buffer.from(`${PREFIX}${entityId}`, 'utf8').toString('base64url');
}

export function decodeConflictCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX)) throw new ServiceError('BAD_USER_INPUT', `"after" must be the endCursor of a page of conflicts; got "${cursor}".`);
  return text.slice(PREFIX.length);
}
