import { ServiceError } from '../../src/errors';
import { MAX_EXPORT_NEIGHBOURHOOD, parseExportRequest } from '../../src/http/export/parameters';

function parse(query: string) {
  return parseExportRequest(new URLSearchParams(query));
}

function refusal(query: string): ServiceError {
  try {
    parse(query);
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error(`"${query}" was accepted`);
}

describe('parseExportRequest', () => {
  it('reads no parameters as the whole graph over every relationship type', () => {
    expect(parse('')).toEqual({ focus: null, depth: 1, limit: MAX_EXPORT_NEIGHBOURHOOD, types: null });
  });

  it('reads a focus with its depth and limit', () => {
    expect(parse('focus=org:dgmm&depth=3&limit=50')).toEqual({ focus: 'org:dgmm', depth: 3, limit: 50, types: null });
  });

  it('reads types as a comma list, ignoring case, spaces and repeats', () => {
    expect(parse('types=funded_by, BENEFITS,benefits').types).toEqual(['FUNDED_BY', 'BENEFITS']);
  });

  it('refuses a depth outside 1 to 3, or not a whole number, saying what it expects', () => {
    for (const depth of ['0', '4', '1.5', 'two', '-1', '']) {
      const error = refusal(`focus=org:dgmm&depth=${depth}`);
      expect(error.status).toBe(400);
      expect(error.message).toMatch(/"depth" must be/);
    }
  });

  it('refuses an unknown relationship type and names the known ones', () => {
    const error = refusal('types=FUNDED_BY,LIKES');
    expect(error.status).toBe(400);
    expect(error.message).toContain('LIKES');
    expect(error.message).toContain('IMPLEMENTED_BY');
    expect(refusal('types=,').message).toMatch(/at least one/);
  });

  it('refuses unknown, repeated and misplaced parameters rather than ignoring them', () => {
    expect(refusal('type=FUNDED_BY').message).toMatch(/Unknown parameter "type"/);
    expect(refusal('focus=a&focus=b').message).toMatch(/more than once/);
    expect(refusal('depth=2').message).toMatch(/give "focus" too/);
    expect(refusal('focus=').message).toMatch(/entity id/);
    expect(refusal(`focus=a&limit=${MAX_EXPORT_NEIGHBOURHOOD + 1}`).status).toBe(400);
  });
});
