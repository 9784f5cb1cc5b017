import type { Command, OptionSpec } from './command';
import { COMMANDS } from './commands';
import { displayWidth, padDisplay } from './displayWidth';
import { DEFAULT_URL } from './graphqlClient';
import { messages, type Lang } from './i18n';

/** The name users type. */
export const BIN = 'pairing-graph';

/** The options every command takes. */
export const COMMON_OPTIONS = {
  url: { type: 'string', value: 'URL' },
  lang: { type: 'string', value: 'zh|en' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Options of the bare `pairing-graph` (no command). */
export const TOP_OPTIONS = { ...COMMON_OPTIONS, version: { type: 'boolean', short: 'v' } } as const;

/** Returns `rows` as two aligned columns indented by two spaces. */
function twoColumns(rows: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...rows.map(([a]) => displayWidth(a)));
  return rows.map(([a, b]) => `  ${padDisplay(a, width)}  ${b}`.trimEnd() + '\n').join('');
}

function optionName(name: string, spec: Pick<OptionSpec, 'short' | 'value'>): string {
  return `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value ? ` ${spec.value}` : ''}`;
}

function heading(text: string, lang: Lang): string {
  return `${text}${lang === 'zh' ? '：' : ':'}\n`;
}

function commonRows(lang: Lang, withVersion: boolean): Array<[string, string]> {
  const t = messages(lang);
  const rows: Array<[string, string]> = [
    [optionName('url', COMMON_OPTIONS.url), t.optUrl(DEFAULT_URL)],
    [optionName('lang', COMMON_OPTIONS.lang), t.optLang],
    [optionName('help', COMMON_OPTIONS.help), t.optHelp],
  ];
  if (withVersion) rows.push([optionName('version', TOP_OPTIONS.version), t.optVersion]);
  return rows;
}

function exitCodes(lang: Lang): string {
  const t = messages(lang);
  return heading(t.exitCodes, lang) + t.exitCodeLines.map((l) => `  ${l}\n`).join('');
}

/** Returns the help of `pairing-graph` itself: the commands, common options, environment and exit codes. */
export function topHelp(lang: Lang): string {
  const t = messages(lang);
  const commandRows: Array<[string, string]> = COMMANDS.map((c) => [c.name, c.summary[lang]]);
  commandRows.push([lang === 'zh' ? 'help [命令]' : 'help [command]', t.optHelp]);
  return [
    `${t.helpTitle}\n`,
    heading(t.usage, lang) + `  ${BIN} <${lang === 'zh' ? '命令' : 'command'}> [${lang === 'zh' ? '选项' : 'options'}]\n`,
    heading(t.commands, lang) + twoColumns(commandRows),
    heading(t.commonOptions, lang) + twoColumns(commonRows(lang, true)),
    heading(t.environment, lang) + `  ${t.envUrl}\n  ${t.envLang}\n  ${t.envToken}\n`,
    exitCodes(lang),
    `${t.helpMore(BIN)}\n`,
  ].join('\n');
}

/** Returns the help of one command: usage, description, arguments, options, examples and exit codes. */
export function commandHelp(command: Command, lang: Lang): string {
  const t = messages(lang);
  const parts = [heading(t.usage, lang) + `  ${BIN} ${command.name} ${command.usage}\n`];
  parts.push(`${command.summary[lang]}${command.description ? `\n${command.description[lang]}` : ''}\n`);
  if (command.positionals?.length) {
    parts.push(heading(t.arguments, lang) + twoColumns(command.positionals.map((p) => [p.name, p.description[lang]])));
  }
  const optionRows = Object.entries(command.options).map(([name, spec]): [string, string] => [optionName(name, spec), spec.description[lang]]);
  parts.push(heading(t.options, lang) + twoColumns(optionRows));
  parts.push(heading(t.commonOptions, lang) + twoColumns(commonRows(lang, false)));
  parts.push(heading(t.examples, lang) + command.examples.map((e) => `  ${e}\n`).join(''));
  parts.push(exitCodes(lang));
  return parts.join('\n');
}
