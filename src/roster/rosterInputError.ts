import { GraphQLError } from 'graphql';
import type { RosterProblem } from './problems';

/**
 * Returns the BAD_USER_INPUT error of a mutation whose record has `problems`: the message lists each
 * problem as `<argument path>: <reason> (got '<value>')`; `extensions.field` names the first argument at
 * fault and `extensions.problems` lists all, each with field, code, value and the reason in Chinese too.
 * `paths` maps a roster field (`region`, `replaces`, …) to the mutation's argument (`input.region`, `placeholder`).
 */
export function rosterInputError(problems: readonly RosterProblem[], paths: Record<string, string>): GraphQLError {
  if (!problems.length) throw new Error('invariant: rosterInputError without problems');
  const list = problems.map((p) => {
    const field = p.field === null ? 'input' : (paths[p.field] ?? p.field);
    return { field, code: p.code, value: p.value, message: p.reason.en, messageZh: p.reason.zh };
  });
  const message = list.map((p) => `${p.field}: ${p.message}${p.value !== '' ? ` (got '${p.value}')` : ''}`).join('; ');
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field: list[0].field, problems: list } });
}
