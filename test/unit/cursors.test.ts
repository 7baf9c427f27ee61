import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../src/domain/limits';
import { decodeCursor, encodeCursor, pageRequest } from '../../src/graphql/cursors';
import { ServiceError } from '../../src/errors';

describe('pageRequest', () => {
  it('defaults to the first 20', () => {
    expect(pageRequest(undefined, undefined)).toEqual({ skip: 0, limit: DEFAULT_PAGE_SIZE });
  });

  it('continues after the cursor it was given', () => {
    expect(pageRequest(5, encodeCursor(9))).toEqual({ skip: 10, limit: 5 });
  });

  it('refuses more than 100 or a negative page, saying what it expected', () => {
    expect(() => pageRequest(MAX_PAGE_SIZE + 1, null)).toThrow(/between 0 and 100; got 101/);
    expect(() => pageRequest(-1, null)).toThrow(ServiceError);
  });

  it('reads back the offset a cursor was made for', () => {
    expect(decodeCursor(encodeCursor(0))).toBe(0);
    expect(decodeCursor(encodeCursor(41))).toBe(41);
  });

  it('refuses a cursor it did not make', () => {
    expect(() => pageRequest(5, 'not-a-cursor')).toThrow(/endCursor/);
    expect(() => pageRequest(5, Buffer.from('offset:-3').toString('base64url'))).toThrow(/endCursor/);
  });
});
