import { Router } from 'express';
import type { Database } from '../db/Database';
import { exportRoute, templateRoute } from './downloadRoutes';
import { importRoute } from './importRoute';
import type { UploadLimits } from './receiveUpload';
import { sweepStaleUploads } from './sweepStaleUploads';

/**
 * Returns the router of the rosters over HTTP (the workbench's 名册 view): `POST /rosters/import` (upload,
 * check, commit), `GET /rosters/template/{units|pairings}.{csv|xlsx}` and `GET /rosters/export/…`. Mount it
 * after `authenticateRequest(auth, false)` on `/rosters`: the routes answer the stored auth error (401 for a
 * bad token and, with `AUTH_READS=token`, for none) in their own JSON shape. Removes upload folders left
 * over by a killed server ({@link sweepStaleUploads}) in the background.
 */
export function rosterRouter(db: Database, limits: UploadLimits): Router {
  // Folders that a server killed mid-upload left behind (a live request removes its own when it ends).
  void sweepStaleUploads(limits.tmpDir);
  const router = Router();
  router.post('/rosters/import', importRoute(db, limits));
  router.get('/rosters/template/:file', templateRoute());
  router.get('/rosters/export/:file', exportRoute(db));
  return router;
}
