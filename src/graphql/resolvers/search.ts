import type { Resolvers } from '../../generated/graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, rangeProblem } from '../../domain/limits';
import { badInput } from './shared';
import { ENTITY_TYPE_OF_LABEL, LABEL_OF_ENTITY_TYPE } from '../../domain/entities';

export const searchResolvers: Resolvers = {
  Query: {
    search: (_root, args, ctx) => {
      const first = args.first ?? DEFAULT_PAGE_SIZE;
      const problem = rangeProblem('first', first, 0, MAX_PAGE_SIZE);
      if (problem) throw badInput(problem);
      const labels = args.types ? args.types.map((type) => LABEL_OF_ENTITY_TYPE[type]) : null;
      return ctx.repositories.search.search(args.query, first, labels);
    },
  },
  SearchHit: {
    type: (hit) => ENTITY_TYPE_OF_LABEL[hit.entity.__typename],
  },
};
