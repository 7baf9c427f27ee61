import { toLuceneQuery } from '../../src/db/repositories/searchRepository';

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
