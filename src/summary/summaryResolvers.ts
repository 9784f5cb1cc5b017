import { checkId } from '../graphql/checkId';
import type { Resolvers } from '../generated/resolvers';

/** Resolvers of `summary` and the `Figure` type. */
export const summaryResolvers: Resolvers = {
  Query: {
    summary: (_, { sourceId }, { repos }) => repos.summary.summary(checkId('sourceId', sourceId ?? null)),
  },
  Figure: {
    source: async (figure, _, { loaders }) => {
      const source = await loaders.source.load(figure.source);
      if (!source) throw new Error(`invariant: figure ${figure.id} names missing source ${figure.source}`);
      return source;
    },
  },
};
