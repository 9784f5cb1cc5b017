import type { GraphqlClient } from './graphqlClient';
import type { Lang, Localized, Messages } from './i18n';

/** An option of a command, as node:util parseArgs takes it, with its help. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** The option may be given more than once; its value is then the list of values. */
  multiple?: boolean;
  /** Placeholder of the value in help, e.g. `CODE`. */
  value?: string;
  description: Localized;
}

/** What a command gets to run: the language, the client, and where to write. */
export interface CommandContext {
  lang: Lang;
  t: Messages;
  url: string;
  client: GraphqlClient;
  /** Writes data (tables, CSV, JSON) to stdout. */
  out(text: string): void;
  /** Writes a message to stderr. */
  err(text: string): void;
  /** The environment (NEO4J_URI for the commands that reach the database directly). */
  env: NodeJS.ProcessEnv;
  /** Whether stdout and stderr are terminals (a progress bar only on a terminal). */
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

/** The parsed command line of one command: option values by name and positional arguments. */
export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/**
 * A command of pairing-graph. Commands register in `commands.ts`; main.ts parses the arguments
 * strictly against `options` (plus the common ones), prints help from these fields, and runs `run`.
 */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: Localized;
  /** What follows the name in the usage line, e.g. `--county CODE [options]`. */
  usage: string;
  /** Longer help, shown under the usage line; may span lines. */
  description?: Localized;
  /** Positional arguments, e.g. [{ name: 'UNIT_ID', … }]; none when absent. */
  positionals?: ReadonlyArray<{ name: string; required: boolean; description: Localized; /** The last positional may repeat (FILE…). */ variadic?: boolean }>;
  options: Record<string, OptionSpec>;
  examples: readonly string[];
  run(ctx: CommandContext, args: ParsedArgs): Promise<void>;
}
