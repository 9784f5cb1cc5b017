import type { ApolloServer } from '@apollo/server';
import { ANONYMOUS } from '../auth/Caller';
import type { Context } from '../context/Context';
import { createLoaders } from '../context/Loaders';
import { createRepositories } from '../context/Repositories';
import type { Database } from '../db/Database';
import { todayInChina } from '../graphql/DateScalar';

/**
 * Returns a maker of functions that send one GraphQL request body (JSON: query, variables, operationName)
 * through `apollo.executeOperation` in this process, with no HTTP: Apollo's whole request pipeline (document
 * cache, limits, plugins, execution) over repositories of `db`, with a fresh context (and DataLoaders) each
 * time, as a request to the service gets. Each function rejects when the answer has errors.
 */
export function localExecutor(apollo: ApolloServer<Context>, db: Database): (body: string) => () => Promise<void> {
  const repos = createRepositories(db);
  return (body) => {
    const { query, variables, operationName } = JSON.parse(body) as { query: string; variables?: Record<string, unknown>; operationName?: string };
    return async () => {
      const contextValue: Context = { repos, loaders: createLoaders(repos), today: todayInChina(), caller: ANONYMOUS };
      const response = await apollo.executeOperation({ query, variables, operationName }, { contextValue });
      if (response.body.kind !== 'single') throw new Error('localExecutor: an incremental answer was not expected');
      const errors = response.body.singleResult.errors;
      if (errors?.length) throw new Error(`localExecutor: ${JSON.stringify(errors).slice(0, 300)}`);
    };
  };
}
