import type { Resolvers } from '../../generated/graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_SEARCH_LENGTH, MAX_SEARCH_WORD_LENGTH, MAX_SEARCH_WORDS, rangeProblem } from '../../domain/limits';
import { normaliseName } from '../../domain/names';
import { badInput } from './shared';
import { selectedProperties } from './fold';
import { selects } from './selection';
import { ENTITY_TYPE_OF_LABEL, LABEL_OF_ENTITY_TYPE } from '../../domain/entities';

/** How much of a refused word the error repeats. */
const ECHO_LENGTH = 30;

/**
 * What is wrong with `query` as a search, or null. The words are counted as the full-text
 * query is built from them (the normalised name, split on spaces: searchRepository's
 * toLuceneQuery), since normalisation can lengthen a word (NFKC expands a ligature into several
 * letters) and drops punctuation between words.
 */
export function searchQueryProblem(query: string): string | null {
  if (query.length > MAX_SEARCH_LENGTH) return `"query" may be at most ${MAX_SEARCH_LENGTH} characters long; got ${query.length}.`;
  const words = normaliseName(query).split(' ').filter(Boolean);
  if (words.length > MAX_SEARCH_WORDS) return `"query" may hold at most ${MAX_SEARCH_WORDS} words; got ${words.length}.`;
  const long = words.find((word) => word.length > MAX_SEARCH_WORD_LENGTH);
  if (long !== undefined) {
    return `Each word of "query" may be at most ${MAX_SEARCH_WORD_LENGTH} characters long; got one of ${long.length} ("${long.slice(0, ECHO_LENGTH)}…").`;
  }
  return null;
}

export const searchResolvers: Resolvers = {
  Query: {
    search: (_root, args, ctx, info) => {
      const first = args.first ?? DEFAULT_PAGE_SIZE;
      const problem = rangeProblem('first', first, 0, MAX_PAGE_SIZE) ?? searchQueryProblem(args.query);
      if (problem) throw badInput(problem);
      const labels = args.types ? args.types.map((type) => LABEL_OF_ENTITY_TYPE[type]) : null;
      const highlights = selects(info, ['matchedField']) || selects(info, ['highlight']);
      return ctx.repositories.search.search(args.query, first, labels, selectedProperties(info, ['entity']), highlights);
    },
  },
  SearchHit: {
    type: (hit) => ENTITY_TYPE_OF_LABEL[hit.entity.__typename],
  },
};
