import { DEFAULT_PAGE_SIZE, MAX_CURSOR_OFFSET, MAX_PAGE_SIZE } from '../../src/domain/limits';
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

  it.each(['offset:1e300', 'offset:9007199254740993', 'offset:0x10', 'offset:-1', 'offset: 1', 'offset:1.0', 'offset:+1', 'offset:007', 'offset:', 'offset:1 ', 'Offset:1', 'offset:１'])(
    'refuses "%s", which is not how the service writes an offset, with BAD_USER_INPUT',
    (text) => {
      const cursor = Buffer.from(text, 'utf8').toString('base64url');
      expect(() => decodeCursor(cursor)).toThrow(ServiceError);
      expect(() => decodeCursor(cursor)).toThrow(/an offset from 0 to \d+ in decimal digits\); got "/);
      try {
        decodeCursor(cursor);
      } catch (error) {
        expect((error as ServiceError).code).toBe('BAD_USER_INPUT');
      }
    },
  );

  it('refuses an offset past the largest one Neo4j can take as SKIP and LIMIT, and takes that one', () => {
    expect(decodeCursor(encodeCursor(MAX_CURSOR_OFFSET))).toBe(MAX_CURSOR_OFFSET);
    expect(Number.isSafeInteger(MAX_CURSOR_OFFSET + 1 + MAX_PAGE_SIZE + 1)).toBe(true);
    expect(() => decodeCursor(encodeCursor(MAX_CURSOR_OFFSET + 1))).toThrow(/endCursor/);
    expect(() => decodeCursor(encodeCursor(Number.MAX_SAFE_INTEGER))).toThrow(/endCursor/);
  });

  it('refuses other spellings of a cursor it made: padding, and characters base64url decoding skips', () => {
    const cursor = encodeCursor(7);
    expect(() => decodeCursor(`${cursor}=`)).toThrow(/endCursor/);
    expect(() => decodeCursor(`${cursor.slice(0, 2)}!${cursor.slice(2)}`)).toThrow(/endCursor/);
    expect(() => decodeCursor(Buffer.from('offset:7').toString('base64'))).toThrow(/endCursor/); // padded: "b2Zmc2V0Ojc="
  });

  it('repeats at most 40 characters of a refused cursor, so a long one does not fill the answer', () => {
    const long = 'x'.repeat(10_000);
    expect(() => decodeCursor(long)).toThrow(/got "x{40}…"/);
    let message = '';
    try {
      decodeCursor(long);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.length).toBeLessThan(300);
  });
});
