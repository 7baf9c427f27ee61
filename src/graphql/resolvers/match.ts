import type { Resolvers } from '../../generated/graphql';
import { ENTITY_LABELS, LABEL_OF_ENTITY_TYPE } from '../../domain/entities';
import { DEFAULT_MATCH_COUNT, MAX_PAGE_SIZE, rangeProblem } from '../../domain/limits';
import { MAX_NAME_LENGTH } from '../../db/repositories/nameRepository';
import { resolveName } from './names';
import { badInput } from './shared';


export const matchResolvers: Resolvers = {
  Query: {
    match: async (_root, args, ctx) => {
      const first = args.first ?? DEFAULT_MATCH_COUNT;
      const problem = rangeProblem('first', first, 0, MAX_PAGE_SIZE);
      if (problem) throw badInput(problem);
      if (args.name.length > MAX_NAME_LENGTH) throw badInput(`"name" may be at most ${MAX_NAME_LENGTH} characters long; got ${args.name.length}.`);
      const labels = args.types && args.types.length > 0 ? [...new Set(args.types.map((type) => LABEL_OF_ENTITY_TYPE[type]))] : [...ENTITY_LABELS];
      // The country is a name like any other: resolved, or refused with suggestions.
      const country = args.country ? await resolveName(ctx, args.country, 'Country', 'country') : null;
      const countryIso = country?.entity.__typename === 'Country' ? country.entity.isoCode : null;
      return ctx.repositories.names.match(args.name, labels, { countryIso, first });
    },
  },
  MatchCandidate: {
    match: (candidate) => candidate.matches,
  },
};
