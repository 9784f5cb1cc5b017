import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type Request, type Response } from 'express';
import { projectRoot } from '../util/projectRoot';

/** Where `npm run build:explorer` writes the page, its bundle and the vendored GraphiQL and React. */
export function explorerDir(): string {
  return path.join(projectRoot(), 'dist', 'explorer');
}

/** True when a GET to /graphql comes from a browser that wants a page rather than a GraphQL result. */
function wantsPage(req: Request): boolean {
  return req.query.query === undefined && req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

/**
 * Returns the router of the explorer page (`GET /`), its static assets (`/explorer/*`, from
 * dist/explorer, no CDN) and GraphiQL at `GET /graphql` for browsers (Accept: text/html). Other
 * requests to /graphql fall through to Apollo. Without a build the pages answer 503 with what to run.
 */
export function explorerRouter(dir: string = explorerDir()): Router {
  const router = Router();
  const page = (file: string) => (req: Request, res: Response) => {
    const full = path.join(dir, file);
    if (!existsSync(full)) {
      res.status(503).type('text/plain').send('The explorer page is not built: run `npm run build`.\n');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(full);
  };
  const index = page('index.html');
  const graphiql = page('graphiql.html');
  router.get('/', index);
  router.get('/index.html', index);
  router.get('/graphql', (req, res, next) => (wantsPage(req) ? graphiql(req, res) : next()));
  router.use('/explorer', express.static(dir, { index: false, fallthrough: true, maxAge: '1h' }));
  return router;
}
