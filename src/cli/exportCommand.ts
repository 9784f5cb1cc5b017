import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { PairingKind } from '../generated/operations';
import { csvWriter, exportRoster, ROSTER_KINDS, rosterFileWriter, type RosterKind } from '../roster';
import { CliError, EXIT } from './cliError';
import type { Command, CommandContext, ParsedArgs } from './command';
import type { Lang, Messages } from './i18n';
import { PAIRING_KIND_LABELS } from './labels';
import { withNeo4j } from './neo4jDatabase';
import { DATE_OPTION, intInRange, invalid, isoDate, stringOption } from './options';

/** The export formats: the name on the command line and the extension of `/export/graph.<ext>`. */
export const EXPORT_FORMATS = { graphml: 'graphml', gexf: 'gexf', cyjs: 'cyjs', d3: 'json' } as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

/** The roster formats: units and pairings in the columns `pairing-graph import` reads, from Neo4j directly. */
export const ROSTER_FORMATS = ['csv', 'xlsx'] as const;
export type RosterFormat = (typeof ROSTER_FORMATS)[number];

/** Largest --limit, as the server takes it. */
const MAX_LIMIT = 100_000;
/** How long to wait for the server to start answering; the download itself may take as long as it needs. */
const HEADERS_TIMEOUT_MS = 120_000;

const say = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);

/** Returns the URL of `/export/graph.<ext>` beside the GraphQL endpoint `graphqlUrl` (…/graphql → …/export/graph.<ext>). */
export function exportUrl(graphqlUrl: string, format: ExportFormat, query: Record<string, string | undefined>): string {
  const url = new URL(graphqlUrl);
  const base = url.pathname.replace(/\/+$/, '').replace(/\/graphql$/, '');
  url.pathname = `${base}/export/graph.${EXPORT_FORMATS[format]}`;
  url.search = '';
  url.hash = '';
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

/** Returns the pairing kinds of a list such as `ENTERPRISE_VILLAGE,COMMUNITY_VILLAGE` (or 企业—村、村社区—村), without repeats. */
export function pairingKinds(t: Messages, value: string, name = 'kinds'): PairingKind[] {
  const known = Object.keys(PAIRING_KIND_LABELS) as PairingKind[];
  const kinds: PairingKind[] = [];
  for (const part of value.split(/[,，、]/).map((s) => s.trim())) {
    const kind = known.find((k) => k === part.toUpperCase() || PAIRING_KIND_LABELS[k].zh === part);
    if (!kind) throw invalid(t, name, value, t.expectOneOf(known));
    if (!kinds.includes(kind)) kinds.push(kind);
  }
  return kinds;
}

/** Returns a region code as the server knows it: a 6- or 9-digit division code is padded to 12 digits. */
function regionCode(value: string): string {
  return /^(\d{6}|\d{9})$/.test(value) ? value.padEnd(12, '0') : value;
}

/** Returns why a fetch failed, in a few words. */
function reasonOf(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timeout';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

/** Turns an error answer of the export endpoint into the CliError of its exit code. */
async function answerError(ctx: CommandContext, url: string, res: Response): Promise<CliError> {
  const { t, lang } = ctx;
  let body: unknown = null;
  try {
    body = JSON.parse(await res.text());
  } catch {
    body = null;
  }
  const error = typeof body === 'object' && body !== null ? (body as { error?: { code?: string; message?: string } }).error : undefined;
  if (!error?.message) {
    return new CliError(
      EXIT.FAILURE,
      say(lang, `${url} 返回 HTTP ${res.status}，不是导出文件；请检查 --url 是否指向结对关系图谱服务。`, `${url} answered HTTP ${res.status}, not an export; check that --url points at the Pairing Graph service.`),
    );
  }
  if (res.status === 404 && error.code === 'NOT_FOUND') return new CliError(EXIT.NOT_FOUND, t.notFound(error.message));
  if (res.status === 400) return new CliError(EXIT.REJECTED, t.rejected(error.message));
  return new CliError(EXIT.FAILURE, t.serverError(error.message));
}

/** `pairing-graph export`: the graph for Gephi, Cytoscape, D3 and other tools (导出关系图). */
export const exportCommand: Command = {
  name: 'export',
  summary: {
    zh: '导出关系图（GraphML、GEXF、Cytoscape.js、D3），或导出单位、结对名册（CSV、xlsx）',
    en: 'Export the graph (GraphML, GEXF, Cytoscape.js, D3) for Gephi and other tools, or the rosters (CSV, xlsx)',
  },
  usage:
    '--format graphml|gexf|cyjs|d3 [--center ID [--depth N]] [--region CODE] [--kinds KINDS] [--date YYYY-MM-DD] [--limit N] [-o FILE]\n' +
    '  pairing-graph export --format csv|xlsx [--what cooperations|units|pairings|activities] [-o FILE|DIR] [--lang zh|en]',
  description: {
    zh: '从服务的 /export/graph.* 下载关系图，边下载边写入文件（-o）或标准输出，不在内存中缓存整个文件。\n不给 --center 和 --region 时导出整张图。选取规则与 GraphQL 的 graph 查询相同。\n\n' +
      '--format csv 或 xlsx 时导出整个数据库的单位名册和结对名册，直接读取 Neo4j（NEO4J_URI，默认 bolt://127.0.0.1:7687），\n' +
      '列与 pairing-graph import 读取的相同：原样导回不改变任何数据。--what cooperations|units|pairings|activities 只导出一个名册到 -o FILE\n' +
      '（csv 也可写到标准输出）；不给 --what 时 -o DIR 目录下写入 units.<扩展名> 和 pairings.<扩展名>。表头和类型名称用 --lang 的语言。',
    en: "Downloads the graph from the service's /export/graph.* and writes it as it arrives to FILE (-o) or standard\noutput, never holding the whole file in memory. Without --center and --region, the whole graph. The selection\nis that of the GraphQL graph query.\n\n" +
      'With --format csv or xlsx: the units and pairings rosters of the whole database, read from Neo4j directly (NEO4J_URI,\n' +
      'bolt://127.0.0.1:7687 by default), in the columns pairing-graph import reads: importing them back changes nothing.\n' +
      '--what cooperations|units|pairings|activities writes one roster to -o FILE (csv: or standard output); without --what, -o DIR receives\n' +
      'units.<ext> and pairings.<ext>. Headers and kinds in the language of --lang.',
  },
  options: {
    format: {
      type: 'string',
      value: 'graphml|gexf|cyjs|d3|csv|xlsx',
      description: {
        zh: '文件格式，必填：graphml（Gephi、Cytoscape、yEd）、gexf（Gephi）、cyjs（Cytoscape.js / Cytoscape）、d3（D3 力导向图 JSON），或 csv、xlsx（名册）',
        en: 'file format, required: graphml (Gephi, Cytoscape, yEd), gexf (Gephi), cyjs (Cytoscape.js / Cytoscape), d3 (D3 force layout JSON), or csv, xlsx (rosters)',
      },
    },
    what: { type: 'string', value: 'cooperations|units|pairings|activities', description: { zh: '名册格式时：只导出协作关系（cooperations）、单位（units）、结对（pairings）或帮扶活动（activities）名册', en: 'with csv or xlsx: only the cooperations, the units, the pairings or the activities roster' } },
    center: { type: 'string', value: 'ID', description: { zh: '中心单位的 id 或 12 位区划代码，导出其周围的单位', en: "the center unit's id or 12-digit code: export the units around it" } },
    depth: { type: 'string', value: 'N', description: { zh: '与中心相隔几步（结对或上下级区划），1 到 4，默认 1；需配合 --center', en: 'steps from the center (a pairing or a parent or child division), 1 to 4; 1 by default; needs --center' } },
    region: { type: 'string', value: 'CODE', description: { zh: '只导出该区划内的单位及其结对方（6、9 或 12 位代码）', en: 'only the units below this division and their counterparts (6-, 9- or 12-digit code)' } },
    kinds: { type: 'string', value: 'KINDS', description: { zh: '只含这些类型的结对，逗号分隔，如 ENTERPRISE_VILLAGE,COMMUNITY_VILLAGE（或 企业—村）', en: 'only pairings of these kinds, separated by commas, e.g. ENTERPRISE_VILLAGE,COMMUNITY_VILLAGE' } },
    date: { ...DATE_OPTION, description: { zh: '只含这一天有效的结对；默认今天（北京时间）', en: 'only pairings active on this date; today (China time) by default' } },
    limit: { type: 'string', value: 'N', description: { zh: `最多导出多少个单位，1 到 ${MAX_LIMIT}；默认不限`, en: `most units to export, 1 to ${MAX_LIMIT}; no limit by default` } },
    output: {
      type: 'string',
      short: 'o',
      value: 'FILE|DIR',
      description: {
        zh: '写入文件（完成后在标准错误输出文件名和字节数）；默认写到标准输出。名册格式不给 --what 时为目录',
        en: 'write to FILE (then print its name and size on standard error); standard output by default. A folder for both rosters',
      },
    },
  },
  examples: [
    'pairing-graph export --format gexf -o 结对关系.gexf',
    'pairing-graph export --format graphml --center 150921212210 --depth 2 -o 拐角铺.graphml',
    'pairing-graph export --format d3 --region 150921 --kinds ENTERPRISE_VILLAGE > 卓资县.json',
    'pairing-graph export --format xlsx -o 名册/',
    'pairing-graph export --format csv --what pairings > 结对名册.csv',
  ],
  async run(ctx: CommandContext, args: ParsedArgs) {
    const { t, lang } = ctx;
    const formatText = stringOption(args, 'format');
    if (formatText === undefined) throw new CliError(EXIT.USAGE, t.missingOption('--format'));
    const format = formatText.trim().toLowerCase() as ExportFormat;
    if ((ROSTER_FORMATS as readonly string[]).includes(format)) return exportRosters(ctx, args, format as unknown as RosterFormat);
    if (!Object.hasOwn(EXPORT_FORMATS, format)) throw invalid(t, 'format', formatText, t.expectOneOf([...Object.keys(EXPORT_FORMATS), ...ROSTER_FORMATS]));
    if (stringOption(args, 'what') !== undefined) throw new CliError(EXIT.USAGE, say(lang, '--what 只用于 --format csv 或 xlsx', '--what goes with --format csv or xlsx only'));
    const center = stringOption(args, 'center')?.trim();
    const region = stringOption(args, 'region')?.trim();
    const depthText = stringOption(args, 'depth');
    const kindsText = stringOption(args, 'kinds');
    const dateText = stringOption(args, 'date');
    const limitText = stringOption(args, 'limit');
    const file = stringOption(args, 'output');
    if (center === '') throw invalid(t, 'center', '', say(lang, '应为单位 id', 'expected a unit id'));
    if (region === '') throw invalid(t, 'region', '', t.expectCounty);
    if (center !== undefined && region !== undefined) throw new CliError(EXIT.USAGE, say(lang, '--center 与 --region 只能选一个', 'give --center or --region, not both'));
    if (depthText !== undefined && center === undefined) throw new CliError(EXIT.USAGE, say(lang, '--depth 需要配合 --center', '--depth needs --center'));
    if (file !== undefined && file.trim() === '') throw new CliError(EXIT.USAGE, t.missingValue('--output'));
    const query = {
      centerId: center,
      depth: depthText === undefined ? undefined : String(intInRange(t, depthText, 1, 4, 'depth')),
      region: region === undefined ? undefined : regionCode(region),
      kinds: kindsText === undefined ? undefined : pairingKinds(t, kindsText).join(','),
      activeOn: dateText === undefined ? undefined : isoDate(t, dateText.trim()),
      limit: limitText === undefined ? undefined : String(intInRange(t, limitText, 1, MAX_LIMIT, 'limit')),
    };
    const url = exportUrl(ctx.url, format, query);

    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new DOMException('timeout', 'TimeoutError')), HEADERS_TIMEOUT_MS);
    let res: Response;
    try {
      const token = ctx.env.PAIRING_GRAPH_TOKEN?.trim();
      res = await fetch(url, { signal: abort.signal, headers: token ? { authorization: `Bearer ${token}` } : {} });
    } catch (err) {
      throw new CliError(EXIT.UNREACHABLE, t.unreachable(ctx.url, reasonOf(err)));
    } finally {
      clearTimeout(timer);
    }
    if (!res.ok || !res.body) throw await answerError(ctx, url, res);

    // Stream the body through a byte counter into the file or stdout: never the whole file in memory.
    let bytes = 0;
    const count = async function* (source: AsyncIterable<Uint8Array>) {
      for await (const chunk of source) {
        bytes += chunk.length;
        yield chunk;
      }
    };
    const body = Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>);
    let writeFailed = false;
    try {
      if (file === undefined) {
        await pipeline(body, count, process.stdout as Writable, { end: false });
      } else {
        const out = createWriteStream(file);
        out.once('error', () => (writeFailed = true));
        await pipeline(body, count, out);
      }
    } catch (err) {
      if (file !== undefined) await unlink(file).catch(() => undefined);
      const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new CliError(
        EXIT.FAILURE,
        writeFailed
          ? say(lang, `无法写入 ${file}（${reason}）`, `cannot write ${file} (${reason})`)
          : say(lang, `下载中断（${reason}）${file !== undefined ? '，未写完的文件已删除' : ''}`, `the download broke off (${reason})${file !== undefined ? '; the partial file was removed' : ''}`),
      );
    }
    if (file !== undefined) ctx.err(say(lang, `已写入 ${file}（${bytes} 字节）\n`, `wrote ${file} (${bytes} bytes)\n`));
  },
};

/** `export --format csv|xlsx`: the rosters, read from Neo4j directly, in the columns that import reads. */
async function exportRosters(ctx: CommandContext, args: ParsedArgs, format: RosterFormat): Promise<void> {
  const { t, lang } = ctx;
  for (const graphOnly of ['center', 'depth', 'region', 'kinds', 'date', 'limit']) {
    if (args.values[graphOnly] !== undefined) {
      throw new CliError(EXIT.USAGE, say(lang, `--${graphOnly} 只用于关系图格式，不能与 --format ${format} 同用`, `--${graphOnly} goes with the graph formats, not with --format ${format}`));
    }
  }
  const whatText = stringOption(args, 'what');
  const what = whatText === undefined ? undefined : (whatText.trim().toLowerCase() as RosterKind);
  if (what !== undefined && !ROSTER_KINDS.includes(what)) throw invalid(t, 'what', whatText!, t.expectOneOf(ROSTER_KINDS));
  const output = stringOption(args, 'output');
  if (output !== undefined && output.trim() === '') throw new CliError(EXIT.USAGE, t.missingValue('--output'));

  // What goes where: one roster to a file or stdout, or both into a folder.
  let targets: { what: RosterKind; file: string | undefined }[];
  if (what) {
    if (output === undefined && format === 'xlsx') throw new CliError(EXIT.USAGE, say(lang, '--format xlsx 须用 -o FILE 写入文件', '--format xlsx needs -o FILE'));
    if (output !== undefined && existsSync(output) && statSync(output).isDirectory()) targets = [{ what, file: path.join(output, `${what}.${format}`) }];
    else targets = [{ what, file: output }];
  } else {
    if (output === undefined) {
      throw new CliError(EXIT.USAGE, say(lang, '导出两个名册须用 -o DIR 指定目录，或用 --what cooperations|units|pairings|activities 只导出一个', 'both rosters need -o DIR (a folder), or choose one with --what cooperations|units|pairings|activities'));
    }
    if (existsSync(output) && !statSync(output).isDirectory()) throw new CliError(EXIT.USAGE, say(lang, `${output} 不是目录`, `${output} is not a folder`));
    mkdirSync(output, { recursive: true });
    targets = ROSTER_KINDS.map((k) => ({ what: k, file: path.join(output, `${k}.${format}`) }));
  }

  await withNeo4j(ctx, async (db) => {
    for (const target of targets) {
      const writer = target.file === undefined ? csvWriter(process.stdout as Writable, { keepOpen: true }) : rosterFileWriter(target.file, target.what, format, lang);
      let rows: number;
      try {
        rows = await exportRoster(db, target.what, writer, lang);
      } catch (err) {
        if (target.file !== undefined) await unlink(target.file).catch(() => undefined);
        throw new CliError(EXIT.FAILURE, say(lang, `导出失败（${(err as Error).message}）`, `the export failed (${(err as Error).message})`));
      }
      if (target.file !== undefined) {
        const bytes = statSync(target.file).size;
        ctx.err(say(lang, `已写入 ${target.file}（${rows} 行，${bytes} 字节）\n`, `wrote ${target.file} (${rows} rows, ${bytes} bytes)\n`));
      }
    }
  });
}
