import { Router } from 'express';
import type { Database } from '../db/Database';
import { exportRoute, templateRoute } from './downloadRoutes';
import { importRoute } from './importRoute';
import type { UploadLimits } from './receiveUpload';

/**
 * Returns the router of the rosters over HTTP (the workbench's 名册 view): `POST /rosters/import` (upload,
 * check, commit), `GET /rosters/template/{units|pairings}.{csv|xlsx}` and `GET /rosters/export/…`. Mount it
 * after `authenticateRequest(auth, false)` on `/rosters`: the routes answer the stored auth error (401 for a
 * bad token and, with `AUTH_READS=token`, for none) in their own JSON shape.
 */
export function rosterRouter(db: Database, limits: UploadLimits): Router {
  const router = Router();
  router.post('/rosters/import', importRoute(db, limits));
  router.get('/rosters/template/:file', templateRoute());
  router.get('/rosters/export/:file', exportRoute(db));
  return router;
}
