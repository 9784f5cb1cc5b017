import type { Resolvers } from '../generated/resolvers';
import { badUserInput, notFound } from '../graphql/errors';
import { selectsFieldIn } from '../graphql/selectsField';
import { SelectionNotFound } from './GraphRepository';
import { parseSelection } from './parseSelection';

/** Resolvers of `graph`. */
export const graphResolvers: Resolvers = {
  Query: {
    graph: async (_, args, { repos, today }, info) => {
      const sel = parseSelection(args, today, 5000, 2000);
      if (sel.limit === null) throw badUserInput('limit', 'is required');
      try {
        return await repos.graph.graph({ ...sel, limit: sel.limit }, selectsFieldIn(info, 'edges', ['activityCount', 'lastActivity']));
      } catch (err) {
        if (err instanceof SelectionNotFound) throw notFound(err.what === 'centerId' ? 'unit' : 'region', err.id);
        throw err;
      }
    },
  },
};
