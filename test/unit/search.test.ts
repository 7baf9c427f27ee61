import { toLuceneQuery, windowHoldsPage } from '../../src/db/repositories/searchRepository';
import { MAX_SEARCH_LENGTH, MAX_SEARCH_WORD_LENGTH, MAX_SEARCH_WORDS } from '../../src/domain/limits';
import { searchQueryProblem } from '../../src/graphql/resolvers/search';

describe('toLuceneQuery', () => {
  it('ranks all words together first, then any word, then the last word as a prefix', () => {
    expect(toLuceneQuery('counter trafficking')).toBe('(counter AND trafficking)^4 OR counter OR trafficking OR trafficking*');
  });

  it('turns punctuation into word breaks, so Lucene syntax cannot be injected', () => {
    const query = toLuceneQuery('a:b) OR (c* ~ "d"');
    expect(query).toBe('(a AND b AND or AND c AND d)^4 OR a OR b OR or OR c OR d OR d*');
  });

  it('has nothing to search for in punctuation alone', () => {
    expect(toLuceneQuery(' ?!* ')).toBeNull();
  });
});

describe('searchQueryProblem', () => {
  it('lets a search of words a person types through', () => {
    expect(searchQueryProblem('gendarmerie trafficking')).toBeNull();
    expect(searchQueryProblem(Array.from({ length: MAX_SEARCH_WORDS }, (_v, i) => `word${i}`).join(' '))).toBeNull();
    expect(searchQueryProblem('a'.repeat(MAX_SEARCH_WORD_LENGTH))).toBeNull();
  });

  it('refuses more words than Lucene takes, saying how many are allowed and how many came', () => {
    const words = Array.from({ length: 200 }, () => 'w').join(' ');
    expect(searchQueryProblem(words)).toBe(`"query" may hold at most ${MAX_SEARCH_WORDS} words; got 200.`);
    expect(searchQueryProblem(Array.from({ length: MAX_SEARCH_WORDS + 1 }, (_v, i) => `w${i}`).join(' '))).toMatch(/at most 32 words; got 33/);
  });

  it('refuses a word longer than the prefix automaton takes, and repeats only its start', () => {
    expect(searchQueryProblem('a'.repeat(MAX_SEARCH_WORD_LENGTH + 1))).toBe(`Each word of "query" may be at most ${MAX_SEARCH_WORD_LENGTH} characters long; got one of ${MAX_SEARCH_WORD_LENGTH + 1} ("${'a'.repeat(30)}…").`);
  });

  it('refuses a search longer than 500 characters, whatever it holds', () => {
    expect(searchQueryProblem(' '.repeat(MAX_SEARCH_LENGTH + 1))).toBe(`"query" may be at most ${MAX_SEARCH_LENGTH} characters long; got ${MAX_SEARCH_LENGTH + 1}.`);
    expect(searchQueryProblem('a'.repeat(2_000))).toMatch(/at most 500 characters long; got 2000/);
  });

  it('counts words as they reach Lucene: after normalisation, which can lengthen one', () => {
    // U+FB03 (the ligature ﬃ), one character, is three letters under NFKC.
    const ligatures = '\uFB03'.repeat(34);
    expect(ligatures.length).toBe(34);
    expect(searchQueryProblem(ligatures)).toMatch(/Each word of "query" may be at most 100 characters long; got one of 102/);
    // Punctuation between words is a break, so "a,b,c" is three words.
    expect(searchQueryProblem(Array.from({ length: MAX_SEARCH_WORDS + 1 }, () => 'x').join(','))).toMatch(/got 33/);
  });
});

describe('whether a window of the best hits holds the first page', () => {
  const hit = (score: number, exact = false) => ({ props: { id: `x:${score}` }, labels: ['Entity', 'Organisation'], score, exact });
  const row = (page: ReturnType<typeof hit>[], windowSize: number, exactTotal: number) => ({ page, windowSize, exactTotal });

  it('holds it when the window held every hit, whatever the page', () => {
    expect(windowHoldsPage(row([], 0, 0), 20, 60)).toBe(true);
    expect(windowHoldsPage(row([hit(2)], 59, 3), 20, 60)).toBe(true);
  });

  it('holds a full page of a full window when no exact match was left outside it', () => {
    const page = Array.from({ length: 20 }, (_v, i) => hit(40 - i, i < 2));
    expect(windowHoldsPage(row(page, 60, 2), 20, 60)).toBe(true);
    // Every row an exact match: one outside the window would rank after them.
    expect(windowHoldsPage(row(Array.from({ length: 20 }, (_v, i) => hit(40 - i, true)), 60, 25), 20, 60)).toBe(true);
  });

  it('does not hold it when an exact match is outside the window, or other types left it short', () => {
    const page = Array.from({ length: 20 }, (_v, i) => hit(40 - i, i < 2));
    expect(windowHoldsPage(row(page, 60, 3), 20, 60)).toBe(false);
    expect(windowHoldsPage(row(page.slice(0, 7), 60, 0), 20, 60)).toBe(false);
    expect(windowHoldsPage(undefined, 20, 60)).toBe(false);
  });
});
