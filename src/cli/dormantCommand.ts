import { CliDormantPairingsDocument, type CliDormantPairingsQuery, type CliDormantPairingsQueryVariables } from '../generated/operations';
import { ACTIVITY_FORM_LABELS } from '../domain/vocabulary';
import type { Command, CommandContext, ParsedArgs } from './command';
import type { Lang } from './i18n';
import { label, PAIRING_KIND_LABELS } from './labels';
import { formatOf, formatOption, intInRange, isoDate, REGION_OPTION, regionOption, stringOption } from './options';
import { render, type Tabular } from './output';

type Dormant = CliDormantPairingsQuery['dormantPairings'][number];

/** Returns the dormant pairings as rows under translated headers, longest silent first (the API's order). */
export function dormantTable(rows: readonly Dormant[], lang: Lang): Tabular {
  const zh = lang === 'zh';
  return {
    columns: [
      { header: zh ? '结对编码' : 'Pairing' },
      { header: zh ? '结对类型' : 'Kind' },
      { header: zh ? '支援方' : 'Supporting' },
      { header: zh ? '受援方' : 'Supported' },
      { header: zh ? '开始日期' : 'Since' },
      { header: zh ? '最近活动日期' : 'Last activity' },
      { header: zh ? '最近活动形式' : 'Last form' },
      { header: zh ? '沉寂天数' : 'Silent days', align: 'right' },
    ],
    rows: rows.map((d) => [
      d.pairing.id,
      label(PAIRING_KIND_LABELS, d.pairing.kind, lang),
      d.pairing.supporting.name,
      d.pairing.supported.name,
      d.pairing.since ?? '',
      d.lastActivity?.date ?? '',
      d.lastActivity ? (zh ? ACTIVITY_FORM_LABELS[d.lastActivity.form].zh : d.lastActivity.form) : '',
      d.silentDays === null || d.silentDays === undefined ? '' : String(d.silentDays),
    ]),
  };
}

/** `pairing-graph dormant`: active pairings of a region with no activity since a date (沉睡结对). */
export const dormantCommand: Command = {
  name: 'dormant',
  summary: { zh: '列出区域内近期没有帮扶活动的有效结对（沉睡结对）', en: 'List the active pairings of a region with no activity lately (dormant pairings)' },
  usage: '--region CODE [--since YYYY-MM-DD] [--first N] [--format table|csv|json]',
  description: {
    zh: '列出今天有效、一端位于区域内、自 --since（默认 12 个月前）起没有记录任何帮扶活动的结对：从未有活动的在前（按开始日期），其余按最近一次活动从早到晚。',
    en: 'Lists the pairings active today with an end within the region and no activity recorded on or after --since (12 months\nago by default): those that never had one first (by their first day), then by their last activity, oldest first.',
  },
  options: {
    region: REGION_OPTION,
    since: {
      type: 'string',
      value: 'YYYY-MM-DD',
      description: { zh: '自这一天起没有活动的结对；默认 12 个月前（北京时间）', en: 'no activity on or after this day; 12 months ago (China time) by default' },
    },
    first: { type: 'string', value: 'N', description: { zh: '最多列出几个，1 到 5000，默认 500', en: 'at most this many, 1 to 5000; 500 by default' } },
    format: formatOption({ zh: 'csv 与表格列相同；json 为接口返回的原始数据。', en: 'csv has the columns of the table; json is the API data as returned.' }),
  },
  examples: ['pairing-graph dormant --region 150921', 'pairing-graph dormant --region 15 --since 2024-01-01 --format csv > 沉睡结对.csv'],
  async run(ctx: CommandContext, args: ParsedArgs) {
    const { t, lang } = ctx;
    const region = regionOption(t, args, true)!;
    const since = stringOption(args, 'since');
    const first = stringOption(args, 'first');
    const format = formatOf(t, args);
    const variables: CliDormantPairingsQueryVariables = {
      region,
      since: since === undefined ? null : isoDate(t, since.trim(), 'since'),
      first: first === undefined ? 500 : intInRange(t, first, 1, 5000, 'first'),
    };
    const data = await ctx.client.request(CliDormantPairingsDocument, variables);
    const rows = data.dormantPairings;
    ctx.out(render(format, dormantTable(rows, lang), rows));
    if (format === 'table') ctx.err((lang === 'zh' ? `共 ${rows.length} 个沉睡结对` : `${rows.length} dormant pairings`) + '\n');
  },
};
