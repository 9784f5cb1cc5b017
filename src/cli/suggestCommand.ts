import { CliSuggestPartnersDocument, type CliSuggestPartnersQuery } from '../generated/operations';
import { CliError, EXIT } from './cliError';
import type { Command, CommandContext, ParsedArgs } from './command';
import type { Lang } from './i18n';
import { label, PAIRING_KIND_LABELS, REASON_LABELS, translateSectors, UNIT_KIND_LABELS } from './labels';
import { formatOf, formatOption, intInRange, stringOption } from './options';
import { formatNumber, render, type Tabular } from './output';

type Suggestion = CliSuggestPartnersQuery['suggestPartners'][number];

/** Returns the reasons in one cell: `同乡镇已有结对 +3（已在…结对 2 个单位）；…` in Chinese, `pairs in the same township +3; …` in English. */
export function reasonsText(reasons: Suggestion['reasons'], lang: Lang): string {
  return reasons
    .map((r) => {
      const head = `${label(REASON_LABELS, r.code, lang)} +${formatNumber(r.points)}`;
      return lang === 'zh' ? `${head}（${translateSectors(r.detail, lang)}）` : head;
    })
    .join(lang === 'zh' ? '；' : '; ');
}

/** Returns the suggestions as rows, best first. */
export function suggestTable(suggestions: readonly Suggestion[], lang: Lang): Tabular {
  const zh = lang === 'zh';
  return {
    columns: [
      { header: zh ? '排名' : 'Rank', align: 'right' },
      { header: zh ? '单位代码' : 'Unit id' },
      { header: zh ? '名称' : 'Name' },
      { header: zh ? '类型' : 'Kind' },
      { header: zh ? '推荐分' : 'Score', align: 'right' },
      { header: zh ? '现有结对数' : 'Partners', align: 'right' },
      { header: zh ? '结对类型' : 'Pairing kind' },
      { header: zh ? '推荐理由' : 'Reasons' },
    ],
    rows: suggestions.map((s, i) => [
      String(i + 1),
      s.unit.id,
      s.unit.name,
      label(UNIT_KIND_LABELS, s.unit.kind, lang),
      formatNumber(s.score),
      String(s.currentPartners),
      label(PAIRING_KIND_LABELS, s.pairingKind, lang),
      reasonsText(s.reasons, lang),
    ]),
  };
}

/** `pairing-graph suggest UNIT_ID`: supporting units that could pair with a unit (推荐结对方). */
export const suggestCommand: Command = {
  name: 'suggest',
  summary: { zh: '为受援单位（如未结对村）推荐结对方，附推荐分和理由', en: 'Suggest partners for a supported unit (e.g. an unpaired village), with score and reasons' },
  usage: 'UNIT_ID [--first N] [--format table|csv|json]',
  description: {
    zh: '按推荐分从高到低列出可与该单位结对的支援方，不含已与其结对的单位。推荐规则见 README（推荐规则）。',
    en: 'Lists the supporting units that could pair with the unit, best first, never a current partner.\nThe rules are in the README (Suggestion rules).',
  },
  positionals: [{ name: 'UNIT_ID', required: true, description: { zh: '单位 id 或 12 位区划代码，如 150921106207', en: "the unit's id or 12-digit division code, e.g. 150921106207" } }],
  options: {
    first: { type: 'string', value: 'N', description: { zh: '推荐几个，1 到 50，默认 5', en: 'how many, 1 to 50; 5 by default' } },
    format: formatOption({
      zh: '表格和 csv 中推荐理由合并为一列；json 为接口返回的原始数据。',
      en: 'table and csv join the reasons in one column; json is the API data as returned.',
    }),
  },
  examples: ['pairing-graph suggest 150921106207', 'pairing-graph suggest 150921106207 --first 10 --format json'],
  async run(ctx: CommandContext, args: ParsedArgs) {
    const { t, lang } = ctx;
    const [unitId] = args.positionals;
    if (unitId === undefined || unitId.trim() === '') throw new CliError(EXIT.USAGE, t.missingArgument('UNIT_ID'));
    const firstText = stringOption(args, 'first');
    const first = firstText === undefined ? 5 : intInRange(t, firstText, 1, 50, 'first');
    const format = formatOf(t, args);
    const { suggestPartners } = await ctx.client.request(CliSuggestPartnersDocument, { unitId: unitId.trim(), first });
    ctx.out(render(format, suggestTable(suggestPartners, lang), suggestPartners));
    if (format === 'table' && suggestPartners.length === 0) ctx.err(lang === 'zh' ? '没有可推荐的结对方\n' : 'no partner to suggest\n');
  },
};
