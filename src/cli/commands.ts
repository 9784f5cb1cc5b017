import { activitiesCommand } from './activitiesCommand';
import type { Command } from './command';
import { coverageCommand } from './coverageCommand';
import { divisionsCommand } from './divisionsCommand';
import { dormantCommand } from './dormantCommand';
import { exportCommand } from './exportCommand';
import { gapsCommand } from './gapsCommand';
import { importCommand } from './importCommand';
import { suggestCommand } from './suggestCommand';
import { synthCommand } from './synthCommand';
import { templateCommand } from './templateCommand';
import { tokenCommand } from './tokenCommand';

/**
 * The commands of pairing-graph, in the order help lists them. A new command is one file exporting a
 * {@link Command} and one line here; parsing, help, languages and exit codes come with it.
 */
export const COMMANDS: readonly Command[] = [gapsCommand, coverageCommand, suggestCommand, dormantCommand, activitiesCommand, exportCommand, importCommand, templateCommand, tokenCommand, synthCommand, divisionsCommand];

/** Returns the command called `name`, or undefined. */
export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}
