import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { RequestHandler, Response } from 'express';
import type { Database } from '../db/Database';
import { csvWriter, exportRoster, ROSTER_KINDS, rosterFileWriter, writeTemplate, type RosterKind, type RosterLang, type SheetWriter } from '../roster';
import { isNeo4jUnavailable } from '../server/errorPolicy';
import { callerRefusal } from './callerRefusal';
import { langOf } from './importQuery';
import { UploadError } from './UploadError';

/** A roster file asked for by name: `units.xlsx`, `pairings.csv`, … */
interface RosterFile {
  what: RosterKind;
  format: 'csv' | 'xlsx';
}

/** Returns the roster file named by a path's last part, or throws a 404 NOT_FOUND naming the choices. */
function rosterFileOf(name: string): RosterFile {
  const m = /^(\w+)\.(csv|xlsx)$/.exec(name);
  if (!m || !(ROSTER_KINDS as readonly string[]).includes(m[1])) {
    throw new UploadError(404, 'NOT_FOUND', `No roster file '${name}' (units.csv, units.xlsx, pairings.csv, pairings.xlsx).`, `没有名为「${name}」的名册文件（可用：units.csv、units.xlsx、pairings.csv、pairings.xlsx）。`);
  }
  return { what: m[1] as RosterKind, format: m[2] as 'csv' | 'xlsx' };
}

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

/**
 * Sends a roster file as a download named `filename`: CSV streamed straight to the response; .xlsx
 * written by `write` to a private temp folder first (the workbook writer needs a file), then streamed
 * and removed.
 */
async function sendRosterFile(res: Response, file: RosterFile, lang: RosterLang, filename: string, write: (writer: SheetWriter) => Promise<unknown>, withHelp: boolean): Promise<void> {
  res.setHeader('Content-Type', CONTENT_TYPES[file.format]);
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.setHeader('Cache-Control', 'no-store');
  if (file.format === 'csv') {
    await write(csvWriter(res));
    return;
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pairing-graph-download-'));
  try {
    const out = path.join(dir, `${file.what}.xlsx`);
    await write(rosterFileWriter(out, file.what, 'xlsx', lang, withHelp));
    await pipeline(createReadStream(out), res);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Answers a failed download: the refusal, 503 when Neo4j is down, else the error handler; a download already started is cut off. */
function failDownload(err: unknown, res: Response, next: (err: unknown) => void): void {
  if (res.headersSent) {
    res.destroy(err as Error);
    return;
  }
  res.removeHeader('Content-Disposition');
  if (err instanceof UploadError) err.send(res);
  else if (isNeo4jUnavailable(err)) new UploadError(503, 'SERVICE_UNAVAILABLE', 'The database cannot be reached; try again.', '无法连接数据库，请稍后重试。').send(res);
  else next(err);
}

/** What a download route sends for a roster file: its name, how to write it, whether an .xlsx gets the help sheet. */
interface Download {
  filename: string;
  write: (writer: SheetWriter) => Promise<unknown>;
  withHelp: boolean;
}

/** Returns a GET handler of `…/:file` (units|pairings . csv|xlsx, `?lang=zh|en`) sending what `downloadOf` says; refused callers get 401. */
function downloadRoute(downloadOf: (file: RosterFile, lang: RosterLang) => Download): RequestHandler {
  return async (req, res, next) => {
    try {
      const refused = callerRefusal(res);
      if (refused) throw refused;
      const file = rosterFileOf(String(req.params.file));
      const lang = langOf(req.query as Record<string, unknown>);
      const d = downloadOf(file, lang);
      await sendRosterFile(res, file, lang, d.filename, d.write, d.withHelp);
    } catch (err) {
      failDownload(err, res, next);
    }
  };
}

/** Returns the handler of `GET /rosters/template/:file`: the empty template of `pairing-graph template` (an .xlsx with its help sheet). */
export function templateRoute(): RequestHandler {
  return downloadRoute((file, lang) => ({ filename: `pairing-graph-${file.what}-template.${file.format}`, write: (w) => writeTemplate(w, file.what, lang), withHelp: true }));
}

/** Returns the handler of `GET /rosters/export/:file`: the whole database's roster, as `pairing-graph export --format csv|xlsx`. */
export function exportRoute(db: Database): RequestHandler {
  return downloadRoute((file, lang) => {
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    return { filename: `pairing-graph-${file.what}-${day}.${file.format}`, write: (w) => exportRoster(db, file.what, w, lang), withHelp: false };
  });
}
