import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DocumentRecord } from '../../src/db/records';
import { ServiceError } from '../../src/errors';
import { DenyList } from '../../src/security/denyList';
import { MIN_EXCERPT_CHARACTERS, MIN_EXCERPT_WORDS, checkEvidence, occursOnWholeWords, type CurationPolicy } from '../../src/security/curationPolicy';

/**
 * The evidence a curation write cites, checked against a document written here: a verbatim
 * excerpt must be a passage (a few words at least) and must start and end on whole words.
 */
const TEXT = 'The Directorate General of Migration Management (DGMM) runs the 157 Helpline. Göç İdaresi, in Ankara.';
let dir: string;
let policy: CurationPolicy;
const loaded = (id: string, curated = false): DocumentRecord => ({ id, title: null, publisher: null, curated, reference: null, url: null });

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mgg-evidence-'));
  writeFileSync(path.join(dir, 'report.txt'), TEXT);
  policy = { denyList: DenyList.empty(), documentsDir: dir };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The refusal `checkEvidence` throws for this excerpt of report.txt, or null when it accepts it. */
function refusal(excerpt: string, document = loaded('report.txt')): ServiceError | null {
  try {
    checkEvidence(policy, { document: document.id, excerpt }, document);
    return null;
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
}

describe('occursOnWholeWords', () => {
  it('finds an excerpt that starts and ends on word boundaries, punctuation included', () => {
    expect(occursOnWholeWords(TEXT, 'General of Migration')).toBe(true);
    expect(occursOnWholeWords(TEXT, '(DGMM) runs')).toBe(true);
    expect(occursOnWholeWords(TEXT, 'Management (DGMM')).toBe(true);
    expect(occursOnWholeWords(TEXT, 'Göç İdaresi')).toBe(true);
  });

  it('refuses an excerpt that starts or ends inside a word, in any script', () => {
    expect(occursOnWholeWords(TEXT, 'ectorate General')).toBe(false);
    expect(occursOnWholeWords(TEXT, 'General of Migr')).toBe(false);
    expect(occursOnWholeWords(TEXT, 'öç İdaresi')).toBe(false);
    expect(occursOnWholeWords(TEXT, '57 Helpline')).toBe(false);
  });

  it('tries every occurrence, not only the first', () => {
    // "an" first occurs inside "Management"; only the later "an agency" is a whole word.
    expect(occursOnWholeWords('Management of an agency', 'an agency')).toBe(true);
    expect(occursOnWholeWords('Management of banal agency', 'an agency')).toBe(false);
  });
});

describe('checkEvidence on a verbatim excerpt', () => {
  it(`accepts a passage of at least ${MIN_EXCERPT_CHARACTERS} characters and ${MIN_EXCERPT_WORDS} words, the seed's shortest included`, () => {
    expect(refusal('157 Helpline')).toBeNull();
    expect(refusal('Directorate General of Migration Management')).toBeNull();
  });

  it('refuses an excerpt of one letter, one word or a few characters, saying what is expected and what arrived', () => {
    expect(refusal('x')?.message).toBe('A verbatim excerpt must be a passage of at least 12 characters and 2 whole words of "report.txt"; this one has 1 character and 1 word.');
    expect(refusal('Directorate')?.message).toMatch(/this one has 11 characters and 1 word\.$/);
    expect(refusal('Management (DGMM)')).toBeNull();
    expect(refusal('Management')?.code).toBe('BAD_USER_INPUT');
    expect(refusal('the 157')?.message).toMatch(/this one has 7 characters and 2 words\.$/);
    expect(refusal('x')?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'evidence' });
  });

  it('refuses an excerpt that occurs only inside words of the document', () => {
    expect(refusal('irectorate General of')?.message).toBe('The excerpt occurs in "report.txt" only inside its words; it must start and end on whole words of the document.');
    expect(refusal('Directorate General of Migr')?.code).toBe('BAD_USER_INPUT');
  });

  it('keeps its earlier refusals: an excerpt not in the text, a document not in the graph', () => {
    expect(refusal('The Directorate General of Fisheries')?.message).toMatch(/does not occur verbatim/);
    expect(() => checkEvidence(policy, { document: 'nowhere.txt', excerpt: 'x' }, null)).toThrow(/not in the graph/);
  });

  it("leaves a curated source's excerpt, a curator's note of a public reference, free of the passage rules", () => {
    expect(refusal('x', loaded('register', true))).toBeNull();
  });
});
