import { createServer, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { Context } from '../context/Context';
import { createLoaders } from '../context/Loaders';
import { createRepositories } from '../context/Repositories';
import type { Database } from '../db/Database';
import { exportRouter } from '../graph/exportRouter';
import { todayInChina } from '../graphql/DateScalar';
import { loadTypeDefs } from '../graphql/loadTypeDefs';
import { createResolvers } from '../graphql/resolvers';
import { explorerRouter } from './explorerRouter';

/** What the HTTP layer needs to know about the service's state. */
export interface ServiceState {
  /** True once the migrations ran on this database. */
  migrated: boolean;
}

/** The running pieces: the HTTP server, Apollo and a function that stops both. */
export interface GraphQLServer {
  httpServer: Server;
  apollo: ApolloServer<Context>;
  /** Stops accepting requests, drains those in flight and stops Apollo. */
  stop(): Promise<void>;
}

/**
 * Returns an Express 5 app with Apollo Server 5 at /graphql, /healthz (process alive) and /readyz
 * (Neo4j reachable and migrations applied, 503 otherwise), the explorer page at / with GraphiQL for browsers at
 * GET /graphql (see explorerRouter), wrapped in an HTTP server not yet listening.
 */
export async function createGraphQLServer(db: Database, state: ServiceState, options: { production?: boolean } = {}): Promise<GraphQLServer> {
  const app = express();
  app.disable('x-powered-by');
  const httpServer = createServer(app);
  const repos = createRepositories(db);
  const apollo = new ApolloServer<Context>({
    typeDefs: loadTypeDefs(),
    resolvers: createResolvers(),
    introspection: !options.production,
    includeStacktraceInErrorResponses: !options.production,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const problems: string[] = [];
    if (!state.migrated) problems.push('migrations not applied');
    try {
      await db.read((tx) => tx.run('RETURN 1'));
    } catch (err) {
      problems.push(`neo4j unreachable: ${(err as Error).message.split('\n')[0]}`);
    }
    res.status(problems.length ? 503 : 200).json({ status: problems.length ? 'unavailable' : 'ready', problems });
  });
  app.use(exportRouter(repos.graph));
  // The explorer page at /, its assets and GraphiQL for browsers at GET /graphql, all from dist/explorer.
  app.use(explorerRouter());
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async (): Promise<Context> => ({ repos, loaders: createLoaders(repos), today: todayInChina() }),
    }),
  );

  return {
    httpServer,
    apollo,
    async stop() {
      await apollo.stop();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
