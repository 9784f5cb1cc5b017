import { CliActivitiesDocument, type ActivityForm, type CliActivitiesQuery, type CliActivitiesQueryVariables } from '../generated/operations';
import { ACTIVITY_FORM_LABELS, ACTIVITY_FORMS, MEASURE_UNIT_LABELS } from '../domain/vocabulary';
import { parseActivityForm } from '../roster/planActivity';
import type { Command, CommandContext, ParsedArgs } from './command';
import type { Lang } from './i18n';
import { formatNumber, render, type Tabular } from './output';
import { formatOf, formatOption, invalid, isoDate, regionOption, stringOption } from './options';

type ActivityNode = CliActivitiesQuery['activities']['edges'][number]['node'];

/** Page size of the command's requests (the API's largest). */
const PAGE = 500;

/** Returns the forms of `--form`: a comma-separated list of ActivityForm values or their Chinese names, without repeats; a usage error naming the value otherwise. */
export function activityForms(ctx: CommandContext, value: string): ActivityForm[] {
  const forms: ActivityForm[] = [];
  for (const part of value.split(/[,，、]/).map((s) => s.trim())) {
    const parsed = part ? parseActivityForm(part) : null;
    if (!parsed?.ok) throw invalid(ctx.t, 'form', value, ctx.t.expectOneOf(ACTIVITY_FORMS.map((f) => `${f} (${ACTIVITY_FORM_LABELS[f].zh})`)));
    if (!forms.includes(parsed.value)) forms.push(parsed.value);
  }
  return forms;
}

/** Returns the activities as rows under translated headers, newest first (the API's order). */
export function activitiesTable(rows: readonly ActivityNode[], lang: Lang): Tabular {
  const zh = lang === 'zh';
  return {
    columns: [
      { header: zh ? '日期' : 'Date' },
      { header: zh ? '形式' : 'Form' },
      { header: zh ? '数量' : 'Measures' },
      { header: zh ? '结对编码' : 'Pairing' },
      { header: zh ? '支援方' : 'Supporting' },
      { header: zh ? '受援方' : 'Supported' },
      { header: zh ? '协作' : 'Cooperation' },
      { header: zh ? '参与人员' : 'Participants' },
      { header: zh ? '备注' : 'Note' },
      { header: zh ? '活动编号' : 'Id' },
    ],
    rows: rows.map((a) => [
      a.date,
      zh ? ACTIVITY_FORM_LABELS[a.form].zh : a.form,
      a.measures.map((m) => `${formatNumber(m.value)} ${zh ? MEASURE_UNIT_LABELS[m.unit].zh : m.unit}`).join(zh ? '，' : ', '),
      a.pairing?.id ?? '',
      a.pairing?.supporting.name ?? '',
      a.pairing?.supported.name ?? '',
      a.cooperation?.name ?? '',
      a.participants ?? '',
      a.note ?? '',
      a.id,
    ]),
  };
}

/** `pairing-graph activities`: the ledger's activities of a region and period (帮扶台账). */
export const activitiesCommand: Command = {
  name: 'activities',
  summary: { zh: '列出帮扶活动（台账），可按区域、日期和形式筛选', en: 'List the support activities of the ledger, by region, period and form' },
  usage: '[--region CODE] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--form FORMS] [--format table|csv|json]',
  description: {
    zh: '列出帮扶活动，从新到旧：--region 为一端位于区域内的结对的活动及一方位于区域内的协作的全县性活动；不给 --region 时列出全部。',
    en: 'Lists the support activities, newest first: with --region those of the pairings with an end within the region and the\ncounty-wide ones of the cooperations with a side within it; without it, all of them.',
  },
  options: {
    region: {
      type: 'string',
      value: 'CODE',
      description: { zh: '区域的区划代码，任一级（2、4、6、9 或 12 位），如 150921', en: 'the region by its division code of any level (2, 4, 6, 9 or 12 digits), e.g. 150921' },
    },
    from: { type: 'string', value: 'YYYY-MM-DD', description: { zh: '起始日期（含）', en: 'first day (inclusive)' } },
    to: { type: 'string', value: 'YYYY-MM-DD', description: { zh: '截止日期（含）', en: 'last day (inclusive)' } },
    form: {
      type: 'string',
      value: 'FORMS',
      description: { zh: '只列这些形式，逗号分隔，如 TRAINING,DONATION_MONEY（也可写 培训,捐款）', en: 'only these forms, comma-separated, e.g. TRAINING,DONATION_MONEY (or 培训,捐款)' },
    },
    format: formatOption({ zh: 'csv 与表格列相同；json 为接口返回的活动列表。', en: 'csv has the columns of the table; json is the list of activities as the API returns them.' }),
  },
  examples: ['pairing-graph activities --region 150921 --from 2024-01-01', 'pairing-graph activities --region 15 --form 培训,捐款 --format csv > 帮扶台账.csv'],
  async run(ctx: CommandContext, args: ParsedArgs) {
    const { t, lang } = ctx;
    const region = regionOption(t, args, false);
    const from = stringOption(args, 'from');
    const to = stringOption(args, 'to');
    const form = stringOption(args, 'form');
    const format = formatOf(t, args);
    const variables: CliActivitiesQueryVariables = {
      region,
      from: from === undefined ? null : isoDate(t, from.trim(), 'from'),
      to: to === undefined ? null : isoDate(t, to.trim(), 'to'),
      forms: form === undefined ? null : activityForms(ctx, form),
      first: PAGE,
      after: null,
    };
    if (variables.from && variables.to && variables.from > variables.to) throw invalid(t, 'to', to!, lang === 'zh' ? `不能早于 --from（${variables.from}）` : `may not be before --from (${variables.from})`);
    const rows: ActivityNode[] = [];
    for (;;) {
      const data = await ctx.client.request(CliActivitiesDocument, variables);
      rows.push(...data.activities.edges.map((e) => e.node));
      if (!data.activities.pageInfo.hasNextPage) break;
      variables.after = data.activities.pageInfo.endCursor ?? null;
    }
    ctx.out(render(format, activitiesTable(rows, lang), rows));
    if (format === 'table') ctx.err((lang === 'zh' ? `共 ${rows.length} 次帮扶活动` : `${rows.length} activities`) + '\n');
  },
};
