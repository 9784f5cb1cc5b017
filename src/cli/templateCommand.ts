import { Writable } from 'node:stream';
import { formatOfFile, ROSTER_KINDS, rosterFileWriter, writeTemplate, csvWriter, type RosterKind } from '../roster';
import { CliError, EXIT } from './cliError';
import type { Command, CommandContext, ParsedArgs } from './command';
import type { Lang } from './i18n';
import { invalid, stringOption } from './options';

const say = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);

/** `pairing-graph template cooperations|units|pairings|activities`: an empty roster with its header and an example line (名册模板). */
export const templateCommand: Command = {
  name: 'template',
  summary: { zh: '生成空白的单位或结对名册模板（.xlsx 或 .csv），含一行示例', en: 'Write an empty roster template for units or pairings (.xlsx or .csv) with an example line' },
  usage: 'cooperations|units|pairings|activities [-o FILE.xlsx|FILE.csv] [--format csv|xlsx] [--lang zh|en]',
  description: {
    zh: '表头用 --lang 的语言（默认中文）。示例行以 # 开头，导入时跳过；.xlsx 模板的编码列和日期列设为“文本”格式，\n另有一张“说明”工作表列出每一列的含义。不给 -o 时把 CSV（UTF-8 带 BOM）写到标准输出。',
    en: 'Headers in the language of --lang (Chinese by default). The example line starts with # and is skipped on import;\nthe .xlsx template formats its code and date columns as Text and has a help sheet describing every column.\nWithout -o, CSV (UTF-8 with BOM) goes to standard output.',
  },
  positionals: [{ name: 'cooperations|units|pairings|activities', required: true, description: { zh: 'cooperations（协作关系名册）、units（单位名册）、pairings（结对名册）或 activities（帮扶活动名册）', en: 'cooperations, units, pairings or activities' } }],
  options: {
    output: { type: 'string', short: 'o', value: 'FILE', description: { zh: '写入文件；格式按扩展名（.xlsx 或 .csv）', en: 'write to FILE; the format follows its extension (.xlsx or .csv)' } },
    format: { type: 'string', value: 'csv|xlsx', description: { zh: '文件格式；默认按 -o 的扩展名，无 -o 时为 csv', en: 'file format; by default the extension of -o, csv without -o' } },
  },
  examples: ['pairing-graph template units -o 单位名册.xlsx', 'pairing-graph template pairings --lang en -o pairings.csv', 'pairing-graph template units > 单位名册.csv'],
  async run(ctx: CommandContext, args: ParsedArgs) {
    const { t, lang } = ctx;
    const whatText = args.positionals[0];
    if (whatText === undefined) throw new CliError(EXIT.USAGE, t.missingArgument('cooperations|units|pairings|activities'));
    const what = whatText.trim().toLowerCase() as RosterKind;
    if (!ROSTER_KINDS.includes(what)) throw new CliError(EXIT.USAGE, t.invalidValue('cooperations|units|pairings|activities', whatText, t.expectOneOf(ROSTER_KINDS)));
    const file = stringOption(args, 'output');
    if (file !== undefined && !file.trim()) throw new CliError(EXIT.USAGE, t.missingValue('--output'));
    const formatText = stringOption(args, 'format');
    let format: 'csv' | 'xlsx';
    if (formatText !== undefined) {
      const f = formatText.trim().toLowerCase();
      if (f !== 'csv' && f !== 'xlsx') throw invalid(t, 'format', formatText, t.expectOneOf(['csv', 'xlsx']));
      format = f;
    } else format = (file && formatOfFile(file)) || 'csv';
    if (format === 'xlsx' && file === undefined) throw new CliError(EXIT.USAGE, say(lang, '.xlsx 模板须用 -o FILE 写入文件', 'an .xlsx template needs -o FILE'));
    if (file === undefined) {
      const out = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          ctx.out(chunk.toString('utf8'));
          callback();
        },
      });
      await writeTemplate(csvWriter(out, { keepOpen: true }), what, lang);
      return;
    }
    try {
      await writeTemplate(rosterFileWriter(file, what, format, lang, true), what, lang);
    } catch (err) {
      throw new CliError(EXIT.FAILURE, say(lang, `无法写入 ${file}（${(err as Error).message}）`, `cannot write ${file} (${(err as Error).message})`));
    }
    ctx.err(say(lang, `已写入模板 ${file}\n`, `wrote the template ${file}\n`));
  },
};
