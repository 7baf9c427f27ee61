/**
 * A window of a stable ordering, as SKIP and LIMIT. The data layer knows nothing of cursors
 * or of `first`: graphql/cursors.ts checks those against domain/limits.ts and turns them into this.
 */
export interface PageRequest {
  skip: number;
  limit: number;
}
