import { encodingOf, ENCODINGS, ROSTER_KINDS, type Encoding, type RosterKind, type RosterLang } from '../roster';
import { badInput } from './UploadError';

/** The options of `POST /rosters/import`, from its query string. */
export interface ImportQuery {
  dryRun: boolean;
  what?: RosterKind;
  encoding?: Encoding;
  report: 'json' | 'csv';
  lang: RosterLang;
}

const KNOWN = ['dryRun', 'what', 'encoding', 'report', 'lang'];

/** Returns one query parameter as text, undefined when absent; throws BAD_USER_INPUT when given twice. */
function single(query: Record<string, unknown>, key: string): string | undefined {
  const v = query[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badInput(key, `${key}: give it once, as text.`, `${key}：只能给一次，且为文本。`);
  return v;
}

/** Returns the language of `lang` (zh by default); throws BAD_USER_INPUT for another value. */
export function langOf(query: Record<string, unknown>): RosterLang {
  const lang = single(query, 'lang');
  if (lang === undefined || lang === 'zh' || lang === 'en') return lang ?? 'zh';
  throw badInput('lang', `lang: expected zh or en, got '${lang}'.`, `lang：应为 zh 或 en，实际为「${lang}」。`);
}

/**
 * Returns the options of an import from its query string: `dryRun` (true by default), `what`, `encoding`
 * (as the CLI's --encoding), `report` (`csv`) and `lang`. Throws a 400 BAD_USER_INPUT naming the
 * parameter for a bad value, a repeated parameter or an unknown one.
 */
export function importQueryOf(query: Record<string, unknown>): ImportQuery {
  for (const key of Object.keys(query)) {
    if (!KNOWN.includes(key)) throw badInput(key, `Unknown parameter '${key}' (dryRun, what, encoding, report, lang).`, `未知的参数「${key}」（可用：dryRun、what、encoding、report、lang）。`);
  }
  const dry = single(query, 'dryRun');
  if (dry !== undefined && dry !== 'true' && dry !== 'false') throw badInput('dryRun', `dryRun: expected true or false, got '${dry}'.`, `dryRun：应为 true 或 false，实际为「${dry}」。`);
  const whatText = single(query, 'what');
  const what = whatText === undefined ? undefined : (whatText.trim().toLowerCase() as RosterKind);
  if (what !== undefined && !ROSTER_KINDS.includes(what)) throw badInput('what', `what: expected units, pairings, cooperations or activities, got '${whatText}'.`, `what：应为 units、pairings、cooperations 或 activities，实际为「${whatText}」。`);
  const encodingText = single(query, 'encoding');
  let encoding: Encoding | undefined;
  if (encodingText !== undefined) {
    const e = encodingOf(encodingText);
    if (!e) throw badInput('encoding', `encoding: expected ${ENCODINGS.join(' or ')}, got '${encodingText}'.`, `encoding：应为 ${ENCODINGS.join(' 或 ')}，实际为「${encodingText}」。`);
    encoding = e;
  }
  const report = single(query, 'report');
  if (report !== undefined && report !== 'csv' && report !== 'json') throw badInput('report', `report: expected csv, got '${report}'.`, `report：应为 csv，实际为「${report}」。`);
  return { dryRun: dry !== 'false', what, encoding, report: report === 'csv' ? 'csv' : 'json', lang: langOf(query) };
}
