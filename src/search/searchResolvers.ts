import { badUserInput, checkPageSize } from '../graphql/errors';
import type { Resolvers } from '../generated/resolvers';

/** Resolvers of `search`. */
export const searchResolvers: Resolvers = {
  Query: {
    search: async (_, { text, first, kind }, { repos, loaders }) => {
      const trimmed = text.trim();
      if (trimmed.length === 0 || trimmed.length > 50) throw badUserInput('text', 'must be 1 to 50 characters', text);
      const hits = await repos.search.search(trimmed, checkPageSize(first, 100, 'first', 10), kind ?? null);
      for (const hit of hits) loaders.unit.prime(hit.unit.id, hit.unit);
      return hits;
    },
  },
};
