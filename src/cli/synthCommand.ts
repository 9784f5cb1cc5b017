import { applyMigrations } from '../db/migrations';
import { deleteSynth, digestSynth, ENTITIES_PER_TRANSACTION, findExistingSynth, loadSynth, type SynthDigest } from '../synth/loadSynth';
import { nationalOptions } from '../synth/nationalOptions';
import { CliError, EXIT } from './cliError';
import type { Command, CommandContext, ParsedArgs } from './command';
import type { Lang } from './i18n';
import { withNeo4j } from './neo4jDatabase';
import { intInRange, invalid, stringOption } from './options';
import { formatJson, render, type Tabular } from './output';

const say = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);
const n = (x: number) => x.toLocaleString('en-US');

/** Returns the --scale value: a number in (0, 8], 1 when absent. */
function scaleOf(ctx: CommandContext, args: ParsedArgs): number {
  const text = stringOption(args, 'scale');
  if (text === undefined) return 1;
  const v = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(text) ? Number(text) : NaN;
  if (!(v > 0 && v <= 8)) throw invalid(ctx.t, 'scale', text, say(ctx.lang, '应为大于 0、不超过 8 的数', 'expected a number above 0 and at most 8'));
  return v;
}

/** Returns the --prefix value: letters, digits, - and _, `synth` when absent. */
function prefixOf(ctx: CommandContext, args: ParsedArgs): string {
  const text = stringOption(args, 'prefix');
  if (text === undefined) return 'synth';
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(text)) throw invalid(ctx.t, 'prefix', text, say(ctx.lang, '应为 1 到 40 个字母、数字、- 或 _', 'expected 1 to 40 letters, digits, - or _'));
  return text;
}

/** The counts as a table: one line per label and per relationship type. */
function countsTable(digest: SynthDigest, lang: Lang): Tabular {
  const zh = lang === 'zh';
  return {
    columns: [{ header: zh ? '类别' : 'What' }, { header: zh ? '名称' : 'Name' }, { header: zh ? '数量' : 'Count', align: 'right' }],
    rows: [
      ...Object.entries(digest.labels).map(([label, count]) => [zh ? '节点' : 'nodes', label, n(count)]),
      ...Object.entries(digest.types).map(([type, count]) => [zh ? '关系' : 'relationships', type, n(count)]),
      [zh ? '合计' : 'total', zh ? '节点' : 'nodes', n(digest.nodes)],
      [zh ? '合计' : 'total', zh ? '关系' : 'relationships', n(digest.relationships)],
    ],
  };
}

/** `pairing-graph synth`: a seeded national-scale synthetic graph written to Neo4j (合成数据). */
export const synthCommand: Command = {
  name: 'synth',
  summary: { zh: '生成全国规模的合成结对图谱（按种子确定）并写入 Neo4j，供性能测试', en: 'Generate a seeded national-scale synthetic pairing graph and write it to Neo4j, for performance tests' },
  usage: '[--seed N] [--scale F] [--prefix P] [--batch N] [--no-activities] [--dry-run] [--delete] [--format table|json]',
  description: {
    zh: [
      '数据专员工具：与 import 一样直接连接 Neo4j（NEO4J_URI，默认 bolt://127.0.0.1:7687）。',
      '模型与正式数据相同：省、市、县（区）、乡镇（街道）、村（社区）及其 PART_OF，学校、医院、企业、社会组织及其 LOCATED_IN，',
      '协作关系（Cooperation），逐年签订的结对记录（历年已结束的记录即历史）及其 SUPPORTER、SUPPORTED、IN_COOPERATION。',
      '以及帮扶台账：结对和协作的帮扶活动（Activity，ACTIVITY_OF），部分结对从无活动或 12 个月以上无活动（--no-activities 不生成）。',
      '--scale 1（默认）约 325 万个节点（其中 202 万个活动）、505 万条关系（不含活动约 123 万、303 万）；规模只改变县的个数，不改变每个县的大小。',
      '同一种子和参数总是生成完全相同的图（摘要中的 SHA-256 相同）。区划编码以 9 开头，名称为“合成…”，所有节点带 synth 属性（即 --prefix）。',
      '写入走批量路径（UNWIND … CREATE，每个事务约 10 万个实体），不做 import 的逐行校验；已存在同编码的数据时拒绝写入（退出码 5）。',
      '--dry-run 只生成并打印数量和摘要，不连接数据库；--delete 删除 --prefix 指定的合成图。',
    ].join('\n'),
    en: [
      'A data-officer tool: like import, it talks to Neo4j directly (NEO4J_URI; bolt://127.0.0.1:7687 by default).',
      "The model is the real one: provinces, cities, counties (districts), townships (streets), villages (communities) with",
      'PART_OF; schools, hospitals, enterprises and social organizations with LOCATED_IN; cooperations; pairings recorded as',
      'yearly agreements (the ended ones are the history) with SUPPORTER, SUPPORTED and IN_COOPERATION;',
      'and the ledger: activities (ACTIVITY_OF) of pairings and cooperations, some pairings never active or silent for over',
      '12 months (--no-activities: none). --scale 1 (the default) is 3.25 million nodes (2.02 million of them activities) and',
      '5.05 million relationships (1.23 and 3.03 million without activities); the scale changes the number of counties,',
      'not their size. The same seed and options always give the same graph (the same SHA-256 in the summary). Division codes',
      "start with 9, names with 合成, and every node carries `synth` (the --prefix). Written through the bulk path (UNWIND … CREATE,",
      'about 100,000 entities a transaction) without the row checks of import; refused when the database already holds its',
      'ids (exit 5). --dry-run generates and prints the counts and digest without a database; --delete removes the graph of --prefix.',
    ].join('\n'),
  },
  options: {
    seed: { type: 'string', value: 'N', description: { zh: '随机种子（0 到 2147483647），默认 1', en: 'seed of the generator (0 to 2147483647), 1 by default' } },
    scale: { type: 'string', value: 'F', description: { zh: '规模，大于 0、不超过 8；1（默认）约 325 万个节点、505 万条关系（含 202 万个活动）', en: 'size, above 0 and at most 8; 1 (the default) is 3.25 million nodes and 5.05 million relationships (2.02 million activities)' } },
    prefix: { type: 'string', value: 'P', description: { zh: '编码前缀，也记入每个节点的 synth 属性；默认 synth', en: 'id prefix, also stored as `synth` on every node; synth by default' } },
    batch: { type: 'string', value: 'N', description: { zh: `每个写事务的实体数（节点加关系），默认 ${n(ENTITIES_PER_TRANSACTION)}`, en: `entities (nodes plus relationships) per write transaction, ${n(ENTITIES_PER_TRANSACTION)} by default` } },
    'no-activities': { type: 'boolean', description: { zh: '不生成帮扶活动（台账）', en: 'generate no activities (the ledger)' } },
    'dry-run': { type: 'boolean', description: { zh: '只生成并打印数量和 SHA-256 摘要，不连接数据库', en: 'generate and print the counts and SHA-256 digest; no database needed' } },
    delete: { type: 'boolean', description: { zh: '删除 --prefix 指定的合成图（带 synth 属性的节点及其关系）', en: 'delete the synthetic graph of --prefix (the nodes whose synth is P, with their relationships)' } },
    format: { type: 'string', value: 'table|json', description: { zh: '摘要的输出格式：table（默认）或 json', en: 'output format of the summary: table (the default) or json' } },
  },
  examples: ['pairing-graph synth --dry-run', 'pairing-graph synth --seed 7 --scale 0.1 --prefix s7', 'pairing-graph synth --delete --prefix s7'],
  async run(ctx: CommandContext, args: ParsedArgs) {
    const { t, lang } = ctx;
    if (args.positionals.length) throw new CliError(EXIT.USAGE, t.unexpectedArgument(args.positionals[0]));
    const seedText = stringOption(args, 'seed');
    const seed = seedText === undefined ? 1 : intInRange(t, seedText, 0, 2147483647, 'seed');
    const scale = scaleOf(ctx, args);
    const prefix = prefixOf(ctx, args);
    const batchText = stringOption(args, 'batch');
    const perTransaction = batchText === undefined ? ENTITIES_PER_TRANSACTION : intInRange(t, batchText, 1000, 2000000, 'batch');
    const formatText = stringOption(args, 'format');
    const format = formatText === undefined ? 'table' : formatText.trim().toLowerCase();
    if (format !== 'table' && format !== 'json') throw invalid(t, 'format', formatText!, t.expectOneOf(['table', 'json']));
    const dryRun = Boolean(args.values['dry-run']);
    const remove = Boolean(args.values.delete);
    if (dryRun && remove) throw new CliError(EXIT.USAGE, say(lang, '--dry-run 与 --delete 不能同时使用', '--dry-run and --delete cannot be used together'));
    const progress = (text: string) => {
      if (ctx.stderrIsTTY) ctx.err(`\r\x1b[K${text}`);
    };

    if (remove) {
      const started = Date.now();
      const deleted = await withNeo4j(ctx, (db) => deleteSynth(db, prefix, (d) => progress(say(lang, `已删除 ${n(d)} 个节点`, `${n(d)} nodes deleted`))));
      progress('');
      if (format === 'json') ctx.out(formatJson({ prefix, deleted }));
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      ctx.err(say(lang, `已删除合成图 ${prefix}：${n(deleted)} 个节点（用时 ${seconds} 秒）\n`, `deleted the synthetic graph ${prefix}: ${n(deleted)} nodes (${seconds} s)\n`));
      return;
    }

    const options = nationalOptions(seed, prefix, scale, args.values['no-activities'] ? { activities: false } : {});
    const digest = digestSynth(options);
    const summary = { seed, scale, prefix, dryRun, ...digest };
    if (dryRun) {
      ctx.out(format === 'json' ? formatJson(summary) : render('table', countsTable(digest, lang), null));
      ctx.err(say(lang, `试运行，未写入任何数据；SHA-256 ${digest.sha256}\n`, `dry run, nothing written; SHA-256 ${digest.sha256}\n`));
      return;
    }

    const load = await withNeo4j(ctx, async (db) => {
      await applyMigrations(db);
      const existing = await findExistingSynth(db, options);
      if (existing) {
        throw new CliError(
          EXIT.REJECTED,
          say(
            lang,
            `数据库中已有编码 ${existing}（另一张合成图，或同一张图已写入），未写入任何数据。请换一个空数据库，或先用 pairing-graph synth --delete --prefix P 删除原合成图。`,
            `the database already holds id ${existing} (another synthetic graph, or this one already loaded); nothing was written. Use an empty database, or delete the other graph first with pairing-graph synth --delete --prefix P.`,
          ),
        );
      }
      const total = digest.nodes + digest.relationships;
      return loadSynth(db, options, {
        perTransaction,
        onProgress: (nodes, rels) =>
          progress(
            say(lang, `写入 ${n(nodes)} 个节点、${n(rels)} 条关系`, `writing: ${n(nodes)} nodes, ${n(rels)} relationships`) +
              ` (${Math.floor(((nodes + rels) / total) * 100)}%)`,
          ),
      });
    });
    progress('');
    ctx.out(format === 'json' ? formatJson({ ...summary, ...load }) : render('table', countsTable(digest, lang), null));
    const rate = n(Math.round((load.nodes + load.relationships) / load.seconds));
    ctx.err(
      say(
        lang,
        `已写入合成图 ${prefix}：${n(load.nodes)} 个节点、${n(load.relationships)} 条关系，${load.transactions} 个事务，用时 ${load.seconds.toFixed(1)} 秒（每秒 ${rate} 个实体）；SHA-256 ${digest.sha256}\n`,
        `wrote the synthetic graph ${prefix}: ${n(load.nodes)} nodes, ${n(load.relationships)} relationships in ${load.transactions} transactions, ${load.seconds.toFixed(1)} s (${rate} entities/s); SHA-256 ${digest.sha256}\n`,
      ),
    );
  },
};
