import { Router, type Response } from 'express';
import { GraphQLError } from 'graphql';
import { todayInChina } from '../graphql/DateScalar';
import { formatByExtension } from './formats/graphFormats';
import { exportGraph } from './exportGraph';
import type { GraphRepository } from './GraphRepository';
import { SelectionNotFound } from './GraphRepository';
import { parseSelection, type RawSelection } from './parseSelection';

/** Largest `limit` an export accepts; without `limit` an export streams the whole selection. */
export const EXPORT_MAX_LIMIT = 100_000;

function writeWithBackpressure(res: Response) {
  return (chunk: string) =>
    new Promise<void>((resolve, reject) => {
      if (res.destroyed) return reject(new Error('client went away'));
      if (res.write(chunk)) return resolve();
      const done = () => {
        res.off('close', closed);
        resolve();
      };
      const closed = () => {
        res.off('drain', done);
        reject(new Error('client went away'));
      };
      res.once('drain', done);
      res.once('close', closed);
    });
}

/**
 * Returns the router of `GET /export/graph.{graphml,gexf,cyjs,json}`: the same selection as the `graph`
 * query, from the query string, streamed as a download. Bad parameters get 400 with a JSON body naming
 * the parameter; an unknown center or region 404.
 */
export function exportRouter(repo: GraphRepository): Router {
  const router = Router();
  router.get('/export/graph.:extension', async (req, res) => {
    const format = formatByExtension(req.params.extension);
    if (!format) {
      res.status(404).json({ error: { code: 'NOT_FOUND', message: `no export format '.${req.params.extension}' (graphml, gexf, cyjs, json)` } });
      return;
    }
    const q = req.query as Record<string, unknown>;
    const raw: RawSelection = {};
    for (const key of ['centerId', 'depth', 'region', 'kinds', 'provenance', 'activeOn', 'limit'] as const) {
      const v = q[key];
      if (v !== undefined && typeof v !== 'string') {
        res.status(400).json({ error: { code: 'BAD_USER_INPUT', field: key, message: `${key}: give it once, as text` } });
        return;
      }
      raw[key] = v;
    }
    let sel;
    try {
      sel = parseSelection(raw, todayInChina(), EXPORT_MAX_LIMIT, null);
    } catch (err) {
      const e = err as GraphQLError;
      res.status(400).json({ error: { code: 'BAD_USER_INPUT', field: e.extensions?.field, message: e.message } });
      return;
    }
    const stamp = sel.activeOn.replace(/-/g, '');
    res.setHeader('Content-Type', format.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="pairing-graph-${stamp}.${format.extension}"`);
    res.setHeader('Cache-Control', 'no-store');
    try {
      await exportGraph(repo, sel, format, writeWithBackpressure(res));
      res.end();
    } catch (err) {
      if (!res.headersSent) res.removeHeader('Content-Disposition');
      if (err instanceof SelectionNotFound && !res.headersSent) {
        res.status(404).json({ error: { code: 'NOT_FOUND', field: err.what, message: err.message } });
      } else if (!res.headersSent) {
        console.error(`export failed: ${(err as Error).message}`);
        res.status(503).json({ error: { code: 'SERVICE_UNAVAILABLE', message: 'the export failed; try again' } });
      } else {
        res.destroy(err as Error);
      }
    }
  });
  return router;
}
