// The page's side of the roster upload endpoint (POST /rosters/import, see the README's Rosters section):
// sends the chosen files as multipart form data with the token and the CSRF header, and reads the plan,
// the problems or the refusal it answers with.
import { downloadFile, noteAnswer } from './api';
import { readToken, failureOf, type Failure } from './token';

/** One roster file of the answer: its kind and what the import does (would do) to its rows. */
export interface RosterPlan {
  file: string;
  kind: 'units' | 'pairings' | null;
  rows: number;
  created: number;
  updated: number;
  replaced: number;
  unchanged: number;
  problems: number;
  encoding?: string | null;
  format?: string;
}

/** One problem: file, row and column as the spreadsheet numbers and names them, value, and why (zh/en). */
export interface RosterProblem {
  file: string;
  row: number;
  column: string | null;
  columnLetter: string | null;
  cell: string | null;
  field?: string | null;
  value: string | null;
  code: string;
  reason: { zh: string; en: string };
}

/** The endpoint's answer to a check or a commit. */
export interface ImportAnswer {
  ok: boolean;
  dryRun: boolean;
  written: boolean;
  actor?: { sub: string; role: string };
  rosters: RosterPlan[];
  totals: { rows: number; created: number; updated: number; replaced: number; unchanged: number };
  problems: RosterProblem[];
  problemCount: number;
  problemsTruncated: boolean;
  error?: RosterError;
}

/** An error of the endpoint (English message, Chinese messageZh, and for 413 the limit passed). */
export interface RosterError {
  code: string;
  message: string;
  messageZh?: string;
  limit?: string;
  max?: number;
  file?: string;
  field?: string;
}

/** What a call came to: an answer (a check, a commit, or a commit refused with problems), or a refusal. */
export type ImportResult = { kind: 'answer'; status: number; answer: ImportAnswer } | { kind: 'refused'; status: number; error: RosterError; failure: Failure };

/** Options of an upload, sent in the query string. */
export interface ImportOptions {
  dryRun: boolean;
  what: '' | 'units' | 'pairings' | 'cooperations' | 'activities';
  encoding: '' | 'utf8' | 'gb18030';
  lang: 'zh' | 'en';
}

function urlOf(options: ImportOptions, report = false): string {
  const params = new URLSearchParams({ dryRun: String(options.dryRun), lang: options.lang });
  if (options.what) params.set('what', options.what);
  if (options.encoding) params.set('encoding', options.encoding);
  if (report) params.set('report', 'csv');
  return `/rosters/import?${params}`;
}

function formOf(files: File[]): FormData {
  const form = new FormData();
  for (const file of files) form.append('file', file, file.name);
  return form;
}

const CSRF = { 'x-pairing-graph-csrf': '1' };

/** Uploads `files` for a check (dryRun) or a commit; resolves with the answer or the refusal; rejects only on a network error. */
export async function uploadRosters(files: File[], options: ImportOptions): Promise<ImportResult> {
  const token = readToken();
  const res = await fetch(urlOf(options), { method: 'POST', headers: { ...CSRF, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: formOf(files) });
  const body = (await res.json().catch(() => ({}))) as Partial<ImportAnswer> & { error?: RosterError };
  if (Array.isArray(body.rosters)) {
    noteAnswer(token, null);
    return { kind: 'answer', status: res.status, answer: body as ImportAnswer };
  }
  const error: RosterError = body.error ?? { code: `HTTP_${res.status}`, message: `HTTP ${res.status}` };
  const failure = failureOf(res.status, [{ message: error.message, code: error.code }], token !== null);
  noteAnswer(token, failure);
  return { kind: 'refused', status: res.status, error, failure };
}

/** Downloads the CSV report of a check of `files` (problems, or the plan when none); resolves with the file name; rejects as {@link downloadFile}. */
export function downloadReport(files: File[], options: ImportOptions): Promise<string> {
  return downloadFile(urlOf({ ...options, dryRun: true }, true), 'roster-report.csv', { method: 'POST', headers: CSRF, body: formOf(files) });
}
