import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../util/projectRoot';
import { CliError, EXIT } from './cliError';
import type { Command, ParsedArgs } from './command';
import { COMMANDS, findCommand } from './commands';
import { DEFAULT_URL, GraphqlClient } from './graphqlClient';
import { BIN, commandHelp, COMMON_OPTIONS, TOP_OPTIONS, topHelp } from './help';
import { messages, parseLang, type Lang, type Messages } from './i18n';
import { invalid } from './options';
import { visibleText } from './visibleText';

/** Where the command line writes, and the environment it reads; the process's own by default. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  /** Whether stdout and stderr are terminals; neither when absent. */
  isTTY?: { stdout: boolean; stderr: boolean };
}

const processIo: Io = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
  isTTY: { stdout: Boolean(process.stdout.isTTY), stderr: Boolean(process.stderr.isTTY) },
};

type OptionsConfig = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

/** Keeps only what node:util parseArgs reads of our option specs. */
function parseConfig(specs: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>): OptionsConfig {
  const config: OptionsConfig = {};
  for (const [name, spec] of Object.entries(specs)) {
    config[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  return config;
}

/** Returns the argument parse of `args`, strictly: an unknown option or a missing value is a usage error. */
function parseStrict(t: Messages, args: string[], options: OptionsConfig): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: true });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    const option = /'(-[^' ]+)/.exec(e.message ?? '')?.[1] ?? '';
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new CliError(EXIT.USAGE, t.unknownOption(option));
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      if (/argument (missing|is ambiguous)/.test(e.message ?? '')) throw new CliError(EXIT.USAGE, t.missingValue(option));
      throw new CliError(EXIT.USAGE, e.message ?? String(err));
    }
    if (e.code?.startsWith('ERR_PARSE_ARGS')) throw new CliError(EXIT.USAGE, e.message ?? String(err));
    throw err;
  }
}

/** Returns the version in package.json. */
function version(): string {
  return (JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** Returns the service URL: --url, else PAIRING_GRAPH_URL, else the default; `/graphql` is added to a bare host:port. */
function serviceUrl(t: Messages, flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const given = flag ?? (env.PAIRING_GRAPH_URL?.trim() || undefined);
  if (given === undefined) return DEFAULT_URL;
  let url: URL;
  try {
    url = new URL(given.trim());
  } catch {
    throw invalid(t, flag === undefined ? 'url (PAIRING_GRAPH_URL)' : 'url', given, t.expectUrl);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(t, flag === undefined ? 'url (PAIRING_GRAPH_URL)' : 'url', given, t.expectUrl);
  if (url.pathname === '/' && !url.search) url.pathname = '/graphql';
  return url.toString();
}

/** Runs one command line: `argv` without node and the script. Returns the exit code; never throws. */
export async function run(argv: readonly string[], io: Io = processIo): Promise<number> {
  let lang: Lang = parseLang(io.env.PAIRING_GRAPH_LANG) ?? 'zh';
  let command: Command | undefined;
  try {
    // A lenient first look, to find the language and the command before the strict parse.
    const { values, tokens } = parseArgs({ args: [...argv], options: parseConfig(TOP_OPTIONS), strict: false, allowPositionals: true, tokens: true });
    if (typeof values.lang === 'string') {
      const chosen = parseLang(values.lang);
      if (!chosen) throw invalid(messages(lang), 'lang', values.lang, messages(lang).expectLang);
      lang = chosen;
    }
    const t = messages(lang);
    const first = tokens.find((tok) => tok.kind === 'positional');
    const rest = first ? argv.filter((_, i) => i !== first.index) : [...argv];
    const name = first?.kind === 'positional' ? first.value : undefined;

    if (name === undefined) {
      const args = parseStrict(t, rest, parseConfig(TOP_OPTIONS));
      if (args.values.version) io.stdout(`${version()}\n`);
      else if (args.values.help) io.stdout(topHelp(lang));
      else {
        io.stderr(`${t.missingCommand}\n\n${topHelp(lang)}`);
        return EXIT.USAGE;
      }
      return EXIT.OK;
    }

    if (name === 'help') {
      const args = parseStrict(t, rest, parseConfig(COMMON_OPTIONS));
      const [topic, ...extra] = args.positionals;
      if (extra.length) throw new CliError(EXIT.USAGE, t.unexpectedArgument(extra[0]));
      const about = topic === undefined ? undefined : findCommand(topic);
      if (topic !== undefined && !about) throw new CliError(EXIT.USAGE, t.unknownCommand(topic, COMMANDS.map((c) => c.name).join(', ')));
      io.stdout(about ? commandHelp(about, lang) : topHelp(lang));
      return EXIT.OK;
    }

    command = findCommand(name);
    if (!command) throw new CliError(EXIT.USAGE, t.unknownCommand(name, COMMANDS.map((c) => c.name).join(', ')));
    const args = parseStrict(t, rest, parseConfig({ ...COMMON_OPTIONS, ...command.options }));
    if (args.values.help) {
      io.stdout(commandHelp(command, lang));
      return EXIT.OK;
    }
    const allowed = command.positionals?.some((p) => p.variadic) ? Infinity : (command.positionals?.length ?? 0);
    if (args.positionals.length > allowed) throw new CliError(EXIT.USAGE, t.unexpectedArgument(args.positionals[allowed]));
    const url = serviceUrl(t, typeof args.values.url === 'string' ? args.values.url : undefined, io.env);
    await command.run(
      {
        lang,
        t,
        url,
        client: new GraphqlClient(url, t, undefined, io.env.PAIRING_GRAPH_TOKEN?.trim() || undefined),
        out: (text) => io.stdout(text),
        err: (text) => io.stderr(text),
        env: io.env,
        stdoutIsTTY: io.isTTY?.stdout ?? false,
        stderrIsTTY: io.isTTY?.stderr ?? false,
      },
      args,
    );
    return EXIT.OK;
  } catch (err) {
    const t = messages(lang);
    if (err instanceof CliError) {
      const hint = err.exitCode === EXIT.USAGE ? `${t.seeHelp(command ? `${BIN} ${command.name}` : BIN)}\n` : '';
      io.stderr(`${BIN}: ${visibleText(err.message, { keepLineBreaks: true })}\n${hint}`);
      return err.exitCode;
    }
    io.stderr(`${BIN}: ${visibleText(t.unexpected(err instanceof Error ? err.message : String(err)), { keepLineBreaks: true })}\n`);
    return EXIT.FAILURE;
  }
}

/** The entry point of bin/pairing-graph.js: runs the process's arguments and sets its exit code. */
export function main(argv: readonly string[] = process.argv.slice(2)): void {
  // A closed pipe (`pairing-graph … | head`) is not an error of ours.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  void run(argv).then((code) => {
    process.exitCode = code;
  });
}
