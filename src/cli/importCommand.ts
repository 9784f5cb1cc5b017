import { createWriteStream, existsSync, renameSync, statSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import { ConfigError, loadConfig } from '../config/loadConfig';
import { applyMigrations } from '../db/migrations';
import { isNeo4jUnavailable } from '../db/neo4jErrors';
import {
  ACTION_LABEL,
  columnsOf,
  csvWriter,
  encodingOf,
  ENCODINGS,
  fieldLabel,
  fileInput,
  formatOfFile,
  ImportConflict,
  ImportInterrupted,
  importLimitsOf,
  importRosters,
  notASpreadsheet,
  planReportHeaders,
  planReportRow,
  problemReport,
  readHead,
  ROSTER_KINDS,
  writeReport,
  type ImportLimits,
  type Encoding,
  type ImportResult,
  type RosterKind,
  type RowPlan,
  type SheetWriter,
} from '../roster';
import { cutText } from '../roster/problems';
import { CliError, EXIT } from './cliError';
import type { Command, CommandContext, ParsedArgs } from './command';
import type { Lang } from './i18n';
import { withNeo4j } from './neo4jDatabase';
import { formatOf, intInRange, invalid, stringOption } from './options';
import { render, formatJson, type Tabular } from './output';
import { progressBar } from './progressBar';
import { visibleText } from './visibleText';

const say = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);

/** Most problems or planned rows shown in a table on the terminal; --report has them all. */
const SHOWN = 500;
const SHOWN_PLANS = 20;

const KIND_LABEL: Record<RosterKind, { zh: string; en: string }> = { units: { zh: '单位', en: 'units' }, pairings: { zh: '结对', en: 'pairings' }, cooperations: { zh: '协作', en: 'cooperations' }, activities: { zh: '活动', en: 'activities' } };

/** Returns who imports: --by, else PAIRING_GRAPH_USER, else the login name. */
function importer(args: ParsedArgs, env: NodeJS.ProcessEnv): string {
  const by = stringOption(args, 'by')?.trim() || env.PAIRING_GRAPH_USER?.trim();
  if (by) return by;
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return env.USER ?? env.USERNAME ?? 'unknown';
  }
}

/** Returns the import limits of the environment (IMPORT_*); a bad value is a usage error (exit 2). */
function limitsOf(env: NodeJS.ProcessEnv): ImportLimits {
  try {
    return importLimitsOf(loadConfig(env));
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(EXIT.USAGE, err.message);
    throw err;
  }
}

/** The problems as a table: file, row, column, value, reason (the report `--report` writes). */
export function problemsTable(result: ImportResult, lang: Lang, limit = Infinity): Tabular {
  const report = problemReport(result.problems.slice(0, limit), lang);
  return { columns: report.headers.map((header, i) => (i === 1 ? { header, align: 'right' as const } : { header })), rows: report.rows };
}

/** The summary as a table: one line per roster. */
export function summaryTable(result: ImportResult, lang: Lang): Tabular {
  const zh = lang === 'zh';
  const willBe = result.dryRun;
  return {
    columns: [
      { header: zh ? '文件' : 'File' },
      { header: zh ? '名册' : 'Roster' },
      { header: zh ? '行数' : 'Rows', align: 'right' },
      { header: zh ? (willBe ? '将新建' : '新建') : willBe ? 'To create' : 'Created', align: 'right' },
      { header: zh ? (willBe ? '将更新' : '更新') : willBe ? 'To update' : 'Updated', align: 'right' },
      { header: zh ? '其中替换占位' : 'Replacing placeholders', align: 'right' },
      { header: zh ? '未变' : 'Unchanged', align: 'right' },
      { header: zh ? '编码' : 'Encoding' },
      { header: zh ? '来源编码' : 'Source' },
    ],
    rows: result.rosters.map((r) => [
      r.name,
      r.kind ? KIND_LABEL[r.kind][lang] : '',
      String(r.rows),
      String(r.created),
      String(r.updated),
      String(r.replaced),
      String(r.unchanged),
      r.info?.format === 'xlsx' ? 'xlsx' : r.info?.encoding ? `${r.info.encoding}${r.info.encodingDetected ? (zh ? '（自动识别）' : ' (detected)') : ''}` : '',
      r.sourceId ?? '',
    ]),
  };
}

/** The planned rows as a table. */
function plansTable(plans: readonly (RowPlan & { kind: RosterKind | null })[], lang: Lang): Tabular {
  const zh = lang === 'zh';
  return {
    columns: [{ header: zh ? '文件' : 'File' }, { header: zh ? '行' : 'Row', align: 'right' }, { header: zh ? '编码' : 'Id' }, { header: zh ? '操作' : 'Action' }, { header: zh ? '变更' : 'Changes' }],
    rows: plans.map((p) => [
      p.file,
      String(p.row),
      p.replaces ? `${p.id} ← ${p.replaces}` : p.id,
      ACTION_LABEL[p.action][lang],
      p.changes.map((f) => fieldLabel(p.kind, f, lang)).join(zh ? '、' : ', '),
    ]),
  };
}

/** `pairing-graph import`: loads rosters of units and pairings (导入名册), checked first, all or nothing. */
export const importCommand: Command = {
  name: 'import',
  summary: { zh: '导入单位或结对名册（.csv、.xlsx），先全部校验，有错则不写入', en: 'Import rosters of units or pairings (.csv, .xlsx): all checked first, nothing written on any error' },
  usage: 'FILE... [--what cooperations|units|pairings|activities] [--dry-run] [--encoding utf8|gb18030] [--report FILE.csv] [--by NAME] [--format table|csv|json]',
  description: {
    zh: [
      '数据专员工具：直接连接 Neo4j（环境变量 NEO4J_URI，默认 bolt://127.0.0.1:7687，即 npm start 或 npm run db:start 启动的数据库），',
      '不经过 GraphQL 服务，须在数据库所在的机器上运行。',
      '表头可用中文或英文（单位编码/id、单位名称/name、类型/kind、所在地区编码/region …）；名册种类由表头判断，或用 --what 指明。',
      '先逐行校验全部文件（未知区划、未知单位、文件内重复编码、结对双方错误、日期错误、缺少必填列……），列出每个问题的文件、行、列、值和原因；',
      '有任何问题则不写入任何数据（退出码 5）。单位名册先于结对名册导入，结对可引用同一次导入中的新单位。',
      '按编码合并：与数据库相同的行不会改写，同一文件导入两次，第二次不改变任何数据。以 # 开头的行是注释。',
      'CSV 带 UTF-8 BOM 时按 UTF-8 读取；否则用 --encoding，未指定时自动识别 UTF-8 或 GB18030（GBK）。',
    ].join('\n'),
    en: [
      'A data-officer tool: it talks to Neo4j directly (NEO4J_URI; bolt://127.0.0.1:7687 by default, the database of npm start',
      'or npm run db:start), not to the GraphQL service, so run it where the database is.',
      'Headers in Chinese or English (单位编码/id, 单位名称/name, 类型/kind, 所在地区编码/region, …); the headers tell units from',
      'pairings, or say it with --what. Every row of every file is checked first (unknown division or unit, duplicate id,',
      'wrong sides, bad date, missing column, …) and every problem is listed with file, row, column, value and reason; on any',
      'problem nothing is written (exit 5). Units rosters go before pairings, which may name units of the same import.',
      'Rows merge on their ids: a row equal to the database is not rewritten, so importing a file twice changes nothing the',
      'second time. Rows starting with # are comments. A CSV with a UTF-8 BOM is UTF-8; else --encoding, or UTF-8 or GB18030 detected.',
    ].join('\n'),
  },
  positionals: [
    { name: 'FILE...', required: true, variadic: true, description: { zh: '一个或多个名册文件（.csv 或 .xlsx）', en: 'one or more roster files (.csv or .xlsx)' } },
  ],
  options: {
    what: { type: 'string', value: 'cooperations|units|pairings|activities', description: { zh: '名册种类：cooperations（协作关系）、units（单位）、pairings（结对）或 activities（帮扶活动）；默认按表头判断', en: 'the kind of roster: cooperations, units, pairings or activities; by default the headers tell' } },
    'dry-run': { type: 'boolean', description: { zh: '只校验并报告将新建、更新和不变的行，不写入任何数据', en: 'check and report what would be created, updated and left unchanged; write nothing' } },
    encoding: { type: 'string', value: 'utf8|gb18030', description: { zh: 'CSV 的编码：utf8 或 gb18030（中文 Windows 上 Excel 保存的 CSV 为 GBK）；默认自动识别', en: 'encoding of CSV files: utf8 or gb18030 (Excel on Chinese Windows saves GBK); detected by default' } },
    report: { type: 'string', value: 'FILE.csv', description: { zh: '把问题清单（有错时）或逐行的处理结果写入 CSV 文件（UTF-8 带 BOM）', en: 'write the problems (on errors) or the plan of every row to a CSV file (UTF-8 with BOM)' } },
    by: { type: 'string', value: 'NAME', description: { zh: '导入人，记入数据的 importedBy；默认取 PAIRING_GRAPH_USER 或登录名', en: 'who imports, stored as importedBy; PAIRING_GRAPH_USER or the login name by default' } },
    format: { type: 'string', value: 'table|csv|json', description: { zh: '结果的输出格式：table（默认）、csv 或 json', en: 'output format of the result: table (the default), csv or json' } },
    'batch-size': { type: 'string', value: 'N', description: { zh: '每批校验和写入的行数（默认 2000）', en: 'rows per batch of the check and of the write (2000 by default)' } },
    'transaction-rows': {
      type: 'string',
      value: 'N',
      description: {
        zh: '不超过 N 行时整个导入是一个事务（全部写入或全不写入）；超过则每批一个事务，中断后重新运行同一导入即可补全。默认取数据库事务内存允许的行数',
        en: 'up to N rows the import is one transaction (all or nothing); beyond, one transaction per batch, and a rerun completes an interrupted import. By default what the database’s transaction memory allows',
      },
    },
  },
  examples: [
    'pairing-graph import 单位名册.xlsx 结对名册.xlsx --dry-run',
    'pairing-graph import 单位名册.csv --encoding gb18030 --report 问题清单.csv',
    'NEO4J_URI=bolt://db.example:7687 NEO4J_PASSWORD=… pairing-graph import pairings.csv --what pairings --by 张三',
  ],
  async run(ctx: CommandContext, args: ParsedArgs) {
    const { t, lang } = ctx;
    const files = args.positionals;
    if (!files.length) throw new CliError(EXIT.USAGE, t.missingArgument('FILE'));
    const whatText = stringOption(args, 'what');
    const what = whatText === undefined ? undefined : (whatText.trim().toLowerCase() as RosterKind);
    if (what !== undefined && !ROSTER_KINDS.includes(what)) throw invalid(t, 'what', whatText!, t.expectOneOf(ROSTER_KINDS));
    const encodingText = stringOption(args, 'encoding');
    let encoding: Encoding | undefined;
    if (encodingText !== undefined) {
      const e = encodingOf(encodingText);
      if (!e) throw invalid(t, 'encoding', encodingText, t.expectOneOf(ENCODINGS));
      encoding = e;
    }
    const format = formatOf(t, args);
    const report = stringOption(args, 'report');
    if (report !== undefined && !report.trim()) throw new CliError(EXIT.USAGE, t.missingValue('--report'));
    for (const f of files) {
      if (!existsSync(f) || !statSync(f).isFile()) throw new CliError(EXIT.USAGE, say(lang, `文件不存在：${f}`, `no such file: ${f}`));
      const fileFormat = formatOfFile(f);
      if (!fileFormat) throw new CliError(EXIT.USAGE, say(lang, `不支持的文件类型：${f}（只支持 .csv 和 .xlsx）`, `unsupported file type: ${f} (only .csv and .xlsx)`));
      const notSheet = notASpreadsheet(readHead(f), fileFormat);
      if (notSheet) throw new CliError(EXIT.USAGE, `${f}: ${notSheet[lang]}`);
    }
    const dryRun = Boolean(args.values['dry-run']);
    const batchText = stringOption(args, 'batch-size');
    const batchSize = batchText === undefined ? undefined : intInRange(t, batchText, 1, 100_000, 'batch-size');
    const txRowsText = stringOption(args, 'transaction-rows');
    const singleTransactionRows = txRowsText === undefined ? undefined : intInRange(t, txRowsText, 1, 1_000_000, 'transaction-rows');
    const limits = limitsOf(ctx.env);
    const inputs = files.map((f) => fileInput(f, { kind: what, encoding, limits }));

    // Row plans stream to a side file, which becomes the report when the import has no problem.
    const partial = report ? `${report}.part` : undefined;
    let planWriter: SheetWriter | undefined;
    let planWrites: Promise<void> = Promise.resolve();
    if (partial) {
      planWriter = csvWriter(createWriteStream(partial));
      planWrites = planWriter.row(planReportHeaders(lang));
    }
    const shownPlans: (RowPlan & { kind: RosterKind | null })[] = [];
    const bar = progressBar(ctx.stderrIsTTY, lang, ctx.err);

    let result: ImportResult | undefined;
    try {
      result = await withNeo4j(ctx, async (db) => {
        await applyMigrations(db);
        return importRosters(db, inputs, {
          dryRun,
          batchSize,
          singleTransactionRows,
          importedBy: importer(args, ctx.env),
          onProgress: (p) => bar.update(p.phase, p.file, p.bytes, p.totalBytes, p.rows),
          onRow: (plan) => {
            const kind = plan.roster;
            if (dryRun && plan.action !== 'unchanged' && shownPlans.length < SHOWN_PLANS) shownPlans.push({ ...plan, kind });
            if (planWriter) {
              const w = planWriter;
              planWrites = planWrites.then(() => w.row(planReportRow(plan, lang)));
            }
          },
        });
      });
    } catch (err) {
      throw importFailure(err, lang);
    } finally {
      bar.done();
      if (planWriter) {
        const w = planWriter;
        await planWrites.then(() => w.end()).catch(() => undefined);
        if (!result && partial && existsSync(partial)) unlinkSync(partial);
      }
    }

    const zh = lang === 'zh';
    if (report && partial) {
      try {
        if (result.ok) renameSync(partial, report);
        else {
          unlinkSync(partial);
          await writeReport(csvWriter(createWriteStream(report)), problemReport(result.problems, lang));
        }
      } catch (err) {
        throw new CliError(EXIT.FAILURE, say(lang, `无法写入报告 ${report}（${(err as Error).message}）`, `cannot write the report ${report} (${(err as Error).message})`));
      }
    }

    if (format === 'json') ctx.out(formatJson(result));
    else if (!result.ok) {
      const shown = format === 'table' ? SHOWN : Infinity;
      ctx.out(render(format, problemsTable(result, lang, shown), result));
      if (format === 'table' && result.problems.length > SHOWN) {
        ctx.out(say(lang, `…… 另有 ${result.problems.length - SHOWN} 个问题，完整清单请用 --report FILE.csv\n`, `… ${result.problems.length - SHOWN} more problems; use --report FILE.csv for the whole list\n`));
      }
    } else {
      ctx.out(render(format, summaryTable(result, lang), result));
      if (format === 'table' && shownPlans.length) {
        ctx.out('\n' + render('table', plansTable(shownPlans, lang), null));
        const changed = result.rosters.reduce((n, r) => n + r.created + r.updated, 0);
        if (changed > shownPlans.length) ctx.out(say(lang, `…… 共 ${changed} 行将新建或更新，逐行清单请用 --report FILE.csv\n`, `… ${changed} rows to create or update in all; use --report FILE.csv for every row\n`));
      }
    }

    const total = (k: 'created' | 'updated' | 'unchanged') => result.rosters.reduce((n, r) => n + r[k], 0);
    const unknown = result.rosters.flatMap((r) => r.unknownColumns.map((c) => visibleText(`${r.name}: ${cutText(c)}`)));
    if (unknown.length) ctx.err(say(lang, `已忽略无法识别的列：${unknown.join('、')}\n`, `ignored unknown columns: ${unknown.join(', ')}\n`));
    if (!result.ok) {
      const more = result.problemCount > result.problems.length ? say(lang, `（只保留了前 ${result.problems.length} 个）`, ` (the first ${result.problems.length} kept)`) : '';
      throw new CliError(
        EXIT.REJECTED,
        say(lang, `发现 ${result.problemCount} 个问题${more}，未写入任何数据。请改正后重新导入。`, `found ${result.problemCount} problems${more}; nothing was written. Correct them and import again.`),
      );
    }
    const counts = zh
      ? `新建 ${total('created')}，更新 ${total('updated')}，未变 ${total('unchanged')}`
      : `${total('created')} created, ${total('updated')} updated, ${total('unchanged')} unchanged`;
    const seconds = result.seconds.toFixed(1);
    if (dryRun) ctx.err(say(lang, `试运行，未写入任何数据：将${counts.replace('，更新', '，将更新')}（用时 ${seconds} 秒）\n`, `dry run, nothing written: would be ${counts} (${seconds} s)\n`));
    else if (!result.written) ctx.err(say(lang, `数据已是最新，无需写入：${counts}（用时 ${seconds} 秒）\n`, `already up to date, nothing written: ${counts} (${seconds} s)\n`));
    else {
      const how = result.transactions === 'single' ? say(lang, '一个事务', 'one transaction') : say(lang, '分批事务', 'batched transactions');
      ctx.err(say(lang, `已导入：${counts}（${how}，用时 ${seconds} 秒）\n`, `imported: ${counts} (${how}, ${seconds} s)\n`));
    }
  },
};

/**
 * Returns the CliError an import that failed with `err` ends with: Neo4j lost (exit 3) or a concurrent change
 * refused under lock (exit 5), saying which batches were written and that the same import run again
 * completes it; any other error is passed on as it is.
 */
function importFailure(err: unknown, lang: Lang): unknown {
  if (err instanceof CliError) return err;
  const parts = err instanceof ImportInterrupted ? err.written.filter((w) => w.batches > 0) : [];
  const cause = err instanceof ImportInterrupted ? err.cause : err;
  const lost = isNeo4jUnavailable(cause);
  if (!lost && !(cause instanceof ImportConflict)) return err;
  const first = cause instanceof ImportConflict ? cause.problems[0] : undefined;
  const why = first
    ? say(lang, `导入期间数据库被其他修改改变：${first.file} 第 ${first.row} 行：${first.reason.zh}`, `the database changed during the import: ${first.file} row ${first.row}: ${first.reason.en}`)
    : say(lang, `与 Neo4j 的连接中断（${oneLine(cause)}）`, `the connection to Neo4j was lost (${oneLine(cause)})`);
  const done = parts.length
    ? say(
        lang,
        `已写入：${parts.map((w) => `${w.file} 第 ${w.firstRow}–${w.lastRow} 行（${w.batches} 批，新建 ${w.created}，更新 ${w.updated}，来源 ${w.sourceId ?? '无'}）`).join('；')}。其余未写入；恢复后重新运行同一导入即可补全（已写入的行不会重复写入）。`,
        `written: ${parts.map((w) => `rows ${w.firstRow}–${w.lastRow} of ${w.file} (${w.batches} batch${w.batches === 1 ? '' : 'es'}, ${w.created} created, ${w.updated} updated, source ${w.sourceId ?? 'none'})`).join('; ')}. The rest was not written; run the same import again to complete it (written rows are not written twice).`,
      )
    : say(lang, '未写入任何数据；恢复后重新运行同一导入即可。', 'nothing was written; run the same import again.');
  const u = err instanceof ImportInterrupted ? err.uncertain : null;
  const unknown = u
    ? say(lang, `${u.file} 第 ${u.firstRow}–${u.lastRow} 行的提交已发出但未收到答复，可能已写入也可能没有；重新运行同一导入会补齐。`, `Rows ${u.firstRow}–${u.lastRow} of ${u.file} were being committed when the answer was lost: they may or may not be written; running the same import again settles them.`)
    : '';
  return new CliError(lost ? EXIT.UNREACHABLE : EXIT.REJECTED, lang === 'zh' ? `${why}。${done}${unknown}` : `${why}. ${done}${unknown ? ` ${unknown}` : ''}`);
}

/** Returns the first line of an error's message. */
function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0].slice(0, 200);
}
