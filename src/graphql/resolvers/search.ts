import type { Resolvers } from '../../generated/graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../db/cypher/paging';
import type { EntityLabel } from '../../db/records';
import { badInput } from './shared';

const LABELS: Record<string, EntityLabel> = {
  ORGANISATION: 'Organisation',
  PROJECT: 'Project',
  COUNTRY: 'Country',
  LEGAL_FRAMEWORK: 'LegalFramework',
  PERSON: 'Person',
};

const TYPES: Record<EntityLabel, 'ORGANISATION' | 'PROJECT' | 'COUNTRY' | 'LEGAL_FRAMEWORK' | 'PERSON'> = {
  Organisation: 'ORGANISATION',
  Project: 'PROJECT',
  Country: 'COUNTRY',
  LegalFramework: 'LEGAL_FRAMEWORK',
  Person: 'PERSON',
};

export const searchResolvers: Resolvers = {
  Query: {
    search: (_root, args, ctx) => {
      const first = args.first ?? DEFAULT_PAGE_SIZE;
      if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
        throw badInput(`"first" must be between 0 and ${MAX_PAGE_SIZE}; got ${first}.`);
      }
      const labels = args.types ? args.types.map((type) => LABELS[type]).filter((label): label is EntityLabel => label !== undefined) : null;
      return ctx.repositories.search.search(args.query, first, labels);
    },
  },
  SearchHit: {
    type: (hit) => TYPES[hit.entity.__typename],
  },
};
