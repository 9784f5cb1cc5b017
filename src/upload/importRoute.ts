import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Request, RequestHandler, Response } from 'express';
import type { AuthLocals } from '../auth/authenticateRequest';
import { ANONYMOUS } from '../auth/Caller';
import type { Database } from '../db/Database';
import { isWriteOutcomeUnknown } from '../db/neo4jErrors';
import { csvWriter, fileInput, ImportConflict, ImportInterrupted, importRosters, planReportHeaders, planReportRow, problemReport, writeReport, type ImportResult } from '../roster';
import { isNeo4jUnavailable } from '../server/errorPolicy';
import type { RequestState } from '../server/requestState';
import { callerRefusal } from './callerRefusal';
import { captureHeader } from './headerCapture';
import { ANSWER_MAX_PROBLEMS, ChangeList, importAnswer } from './importAnswer';
import { importQueryOf, type ImportQuery } from './importQuery';
import { DISCARD_FACTOR, discardBody, receiveUpload, type UploadLimits } from './receiveUpload';
import { UPLOAD_DIR_PREFIX } from './sweepStaleUploads';
import { UploadError } from './UploadError';

/** Headers that a cross-site form cannot send; an upload must carry one (CSRF guard). */
export const CSRF_HEADERS = ['x-pairing-graph-csrf', 'apollo-require-preflight'] as const;

/** Returns the refusal of a request without a CSRF header, or null when it carries one. */
function csrfRefusal(req: Request): UploadError | null {
  if (CSRF_HEADERS.some((h) => (req.headers[h] ?? '') !== '')) return null;
  return new UploadError(
    400,
    'BAD_REQUEST',
    'This upload has been blocked as a potential Cross-Site Request Forgery: send the header X-Pairing-Graph-CSRF: 1.',
    '此上传被视为可能的跨站请求伪造而拒绝：请带上请求头 X-Pairing-Graph-CSRF: 1。',
    { field: 'x-pairing-graph-csrf' },
  );
}

/** Most row plans a CSV plan report holds (the JSON answer lists fewer, see ANSWER_MAX_CHANGES). */
export const REPORT_MAX_ROWS = 100_000;

const stamp = () => new Date().toISOString().slice(0, 10).replace(/-/g, '');

/** Sends the CSV report of `result`: its problems, or when it has none the plan of every row (as `pairing-graph import --report`). */
async function sendReport(res: Response, result: ImportResult, plans: Parameters<typeof planReportRow>[0][], query: ImportQuery): Promise<void> {
  const problems = !result.ok;
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="roster-${problems ? 'problems' : 'plan'}-${stamp()}.csv"`);
  res.setHeader('Cache-Control', 'no-store');
  const report = problems
    ? problemReport(result.problems, query.lang)
    : { headers: planReportHeaders(query.lang), rows: plans.map((p) => planReportRow(p, query.lang)) };
  await writeReport(csvWriter(res), report);
}

/**
 * Returns the handler of `POST /rosters/import`: refuses without a CSRF header (400) or below the planner
 * role (401/403) before reading the body; receives the files into a private temp folder (mode 700, removed
 * when the request ends, whatever the outcome); runs the CLI's pipeline (`importRosters` over `fileInput`)
 * as a dry run or a commit, audited with the token's `sub` and role; answers JSON (or the CSV report):
 * 200, or 422 for a commit refused for problems, 409 when the database changed between check and write.
 * Refusals are `{"error": {code, message, messageZh, …}}`; Neo4j down gives 503; other errors go to `next`.
 */
export function importRoute(db: Database, limits: UploadLimits): RequestHandler {
  return async (req, res, next) => {
    const log = (res.locals.state as RequestState | undefined)?.log;
    const refused = csrfRefusal(req) ?? callerRefusal(res, 'planner');
    let query: ImportQuery;
    try {
      if (refused) throw refused;
      query = importQueryOf(req.query as Record<string, unknown>);
    } catch (err) {
      const e = err as UploadError;
      log?.info({ code: e.code, status: e.status, ...e.details }, `roster upload refused: ${e.message}`);
      e.send(res);
      discardBody(req, DISCARD_FACTOR * limits.maxTotalBytes);
      return;
    }
    const caller = (res.locals as AuthLocals).caller ?? ANONYMOUS;
    const dir = await mkdtemp(path.join(limits.tmpDir ?? os.tmpdir(), UPLOAD_DIR_PREFIX));
    try {
      const files = await receiveUpload(req, dir, limits);
      if (!files.length) throw new UploadError(400, 'BAD_USER_INPUT', 'No file was uploaded: send one or more .csv or .xlsx files.', '没有上传文件：请上传一个或多个 .csv 或 .xlsx 文件。', { field: 'files' });
      const inputs = files.map((f) => captureHeader(fileInput(f.path, { name: f.name, format: f.format, kind: query.what, encoding: query.encoding, limits: limits.importLimits })));
      const changes = new ChangeList();
      const plans: Parameters<typeof planReportRow>[0][] = [];
      let result: ImportResult;
      try {
        result = await importRosters(
          db,
          inputs.map((c) => c.input),
          {
            dryRun: query.dryRun,
            txTimeoutMs: limits.txTimeoutMs,
            importedBy: caller.subject ?? 'unknown',
            role: caller.role,
            maxProblems: ANSWER_MAX_PROBLEMS,
            onRow: (plan) => {
              changes.add(plan);
              if (query.report === 'csv' && plans.length < REPORT_MAX_ROWS) plans.push(plan);
            },
          },
        );
      } catch (err) {
        if (!(err instanceof ImportConflict)) throw err;
        log?.info({ problems: err.problems.length }, 'roster upload: conflict');
        const body = new UploadError(409, 'IMPORT_CONFLICT', 'The database changed while the rosters were written; nothing was written. Check again.', '写入期间数据库已被修改，未写入任何数据；请重新校验。').body();
        res.status(409).json({ ...body, problems: err.problems, problemCount: err.problems.length });
        return;
      }
      const status = !result.ok && !query.dryRun ? 422 : 200;
      log?.info(
        { files: files.length, bytes: files.reduce((n, f) => n + f.bytes, 0), dryRun: query.dryRun, ok: result.ok, written: result.written, problems: result.problemCount, actor: caller.subject, role: caller.role },
        'roster upload',
      );
      res.status(status);
      if (query.report === 'csv') return await sendReport(res, result, plans, query);
      const answer = importAnswer(result, inputs, changes, caller);
      if (status === 422) {
        const n = result.problemCount;
        const error = new UploadError(422, 'ROSTER_PROBLEMS', `Found ${n} problems; nothing was written. Correct them and upload again.`, `发现 ${n} 个问题，未写入任何数据。请改正后重新上传。`).body();
        res.json({ ...error, ...answer });
      } else res.json(answer);
    } catch (err) {
      if (err instanceof UploadError) {
        log?.info({ code: err.code, status: err.status, ...err.details }, `roster upload refused: ${err.message}`);
        err.send(res);
      } else if (err instanceof ImportInterrupted || isWriteOutcomeUnknown(err)) {
        // Part of a batched import is written (or a commit's answer was lost): say what, never "nothing".
        log?.warn({ err }, 'roster upload interrupted');
        const written = err instanceof ImportInterrupted ? err.written.filter((w) => w.batches > 0) : [];
        const uncertain = err instanceof ImportInterrupted ? err.uncertain : null;
        const e = new UploadError(
          503,
          err instanceof ImportInterrupted && !uncertain ? 'IMPORT_INTERRUPTED' : 'WRITE_OUTCOME_UNKNOWN',
          `The import stopped part way (${(err as Error).message}). Upload the same files again to complete it: written rows are not written twice.`,
          `导入中途停止（${(err as Error).message}）。重新上传同样的文件即可补全，已写入的行不会重复写入。`,
        );
        res.status(503).json({ ...e.body(), written, uncertain });
      } else if (isNeo4jUnavailable(err)) {
        new UploadError(503, 'SERVICE_UNAVAILABLE', 'The database cannot be reached; nothing was written. Try again.', '无法连接数据库，未写入任何数据，请稍后重试。').send(res);
      } else if (res.headersSent) res.destroy(err as Error);
      else next(err);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}
