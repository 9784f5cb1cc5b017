import { createWriteStream, existsSync, renameSync, statSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import { applyMigrations } from '../db/migrations';
import { columnsOf, ENCODINGS, fileInput, formatOfFile, importRosters, ROSTER_KINDS, csvWriter, type Encoding, type ImportResult, type RosterKind, type RowPlan, type SheetWriter } from '../roster';
import { cutText } from '../roster/problems';
import { CliError, EXIT } from './cliError';
import type { Command, CommandContext, ParsedArgs } from './command';
import type { Lang } from './i18n';
import { withNeo4j } from './neo4jDatabase';
import { formatOf, invalid, stringOption } from './options';
import { render, formatJson, type Tabular } from './output';
import { progressBar } from './progressBar';
import { visibleText } from './visibleText';

const say = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);

/** Most problems or planned rows shown in a table on the terminal; --report has them all. */
const SHOWN = 500;
const SHOWN_PLANS = 20;

const ACTION_LABEL: Record<RowPlan['action'], { zh: string; en: string }> = {
  create: { zh: '新建', en: 'create' },
  update: { zh: '更新', en: 'update' },
  unchanged: { zh: '未变', en: 'unchanged' },
};
const KIND_LABEL: Record<RosterKind, { zh: string; en: string }> = { units: { zh: '单位', en: 'units' }, pairings: { zh: '结对', en: 'pairings' } };

/** Returns the header of a field in `lang` (单位名称 / name). */
function fieldLabel(kind: RosterKind | null, field: string, lang: Lang): string {
  if (field === 'replaces' && kind === 'units') return lang === 'zh' ? '替换占位单位' : 'replaces';
  const c = kind ? columnsOf(kind).find((col) => col.field === field) : undefined;
  return c ? c[lang] : field;
}

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

/** The problems as a table: file, row, column, value, reason. */
export function problemsTable(result: ImportResult, lang: Lang, limit = Infinity): Tabular {
  const zh = lang === 'zh';
  return {
    columns: [
      { header: zh ? '文件' : 'File' },
      { header: zh ? '行' : 'Row', align: 'right' },
      { header: zh ? '列' : 'Column' },
      { header: zh ? '值' : 'Value' },
      { header: zh ? '问题' : 'Problem' },
    ],
    rows: result.problems.slice(0, limit).map((p) => [p.file, p.row ? String(p.row) : '', p.column ?? '', p.value, p.reason[lang]]),
  };
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

/** Writes `tabular` as CSV (UTF-8 with BOM) to a new file. */
async function writeCsvFile(file: string, tabular: Tabular): Promise<void> {
  const w = csvWriter(createWriteStream(file));
  await w.row(tabular.columns.map((c) => c.header));
  for (const r of tabular.rows) await w.row(r);
  await w.end();
}

/** `pairing-graph import`: loads rosters of units and pairings (导入名册), checked first, all or nothing. */
export const importCommand: Command = {
  name: 'import',
  summary: { zh: '导入单位或结对名册（.csv、.xlsx），先全部校验，有错则不写入', en: 'Import rosters of units or pairings (.csv, .xlsx): all checked first, nothing written on any error' },
  usage: 'FILE... [--what units|pairings] [--dry-run] [--encoding utf8|gb18030] [--report FILE.csv] [--by NAME] [--format table|csv|json]',
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
    what: { type: 'string', value: 'units|pairings', description: { zh: '名册种类：units（单位）或 pairings（结对）；默认按表头判断', en: 'the kind of roster: units or pairings; by default the headers tell' } },
    'dry-run': { type: 'boolean', description: { zh: '只校验并报告将新建、更新和不变的行，不写入任何数据', en: 'check and report what would be created, updated and left unchanged; write nothing' } },
    encoding: { type: 'string', value: 'utf8|gb18030', description: { zh: 'CSV 的编码：utf8 或 gb18030（中文 Windows 上 Excel 保存的 CSV 为 GBK）；默认自动识别', en: 'encoding of CSV files: utf8 or gb18030 (Excel on Chinese Windows saves GBK); detected by default' } },
    report: { type: 'string', value: 'FILE.csv', description: { zh: '把问题清单（有错时）或逐行的处理结果写入 CSV 文件（UTF-8 带 BOM）', en: 'write the problems (on errors) or the plan of every row to a CSV file (UTF-8 with BOM)' } },
    by: { type: 'string', value: 'NAME', description: { zh: '导入人，记入数据的 importedBy；默认取 PAIRING_GRAPH_USER 或登录名', en: 'who imports, stored as importedBy; PAIRING_GRAPH_USER or the login name by default' } },
    format: { type: 'string', value: 'table|csv|json', description: { zh: '结果的输出格式：table（默认）、csv 或 json', en: 'output format of the result: table (the default), csv or json' } },
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
      const e = encodingText.trim().toLowerCase().replace(/^utf-8$/, 'utf8').replace(/^(gbk|gb2312)$/, 'gb18030');
      if (!(ENCODINGS as readonly string[]).includes(e)) throw invalid(t, 'encoding', encodingText, t.expectOneOf(ENCODINGS));
      encoding = e as Encoding;
    }
    const format = formatOf(t, args);
    const report = stringOption(args, 'report');
    if (report !== undefined && !report.trim()) throw new CliError(EXIT.USAGE, t.missingValue('--report'));
    for (const f of files) {
      if (!existsSync(f) || !statSync(f).isFile()) throw new CliError(EXIT.USAGE, say(lang, `文件不存在：${f}`, `no such file: ${f}`));
      if (!formatOfFile(f)) throw new CliError(EXIT.USAGE, say(lang, `不支持的文件类型：${f}（只支持 .csv 和 .xlsx）`, `unsupported file type: ${f} (only .csv and .xlsx)`));
    }
    const dryRun = Boolean(args.values['dry-run']);
    const inputs = files.map((f) => fileInput(f, { kind: what, encoding }));

    // Row plans stream to a side file, which becomes the report when the import has no problem.
    const partial = report ? `${report}.part` : undefined;
    let planWriter: SheetWriter | undefined;
    let planWrites: Promise<void> = Promise.resolve();
    if (partial) {
      planWriter = csvWriter(createWriteStream(partial));
      const zh = lang === 'zh';
      planWrites = planWriter.row(zh ? ['文件', '行', '编码', '操作', '变更', '替换占位单位'] : ['file', 'row', 'id', 'action', 'changes', 'replaces']);
    }
    const shownPlans: (RowPlan & { kind: RosterKind | null })[] = [];
    const bar = progressBar(ctx.stderrIsTTY, lang, ctx.err);

    let result: ImportResult | undefined;
    try {
      result = await withNeo4j(ctx, async (db) => {
        await applyMigrations(db);
        return importRosters(db, inputs, {
          dryRun,
          importedBy: importer(args, ctx.env),
          onProgress: (p) => bar.update(p.phase, p.file, p.bytes, p.totalBytes, p.rows),
          onRow: (plan) => {
            const kind = plan.roster;
            if (dryRun && plan.action !== 'unchanged' && shownPlans.length < SHOWN_PLANS) shownPlans.push({ ...plan, kind });
            if (planWriter) {
              const w = planWriter;
              planWrites = planWrites.then(() =>
                w.row([plan.file, String(plan.row), plan.id, ACTION_LABEL[plan.action][lang], plan.changes.map((f) => fieldLabel(kind, f, lang)).join(lang === 'zh' ? '、' : ', '), plan.replaces ?? '']),
              );
            }
          },
        });
      });
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
          await writeCsvFile(report, problemsTable(result, lang));
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
