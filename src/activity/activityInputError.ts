import { GraphQLError } from 'graphql';
import { cutText } from '../roster/problems';
import type { ActivityProblem } from './checkActivity';

/**
 * Returns the BAD_USER_INPUT error of a mutation whose activity has `problems`: the message lists each as
 * `<argument path>: <reason> (got '<value>')`; `extensions.field` names the first argument at fault and
 * `extensions.problems` lists all, each with field, value and the reason in Chinese too. A field is prefixed
 * with `prefix` (`input.date`), except those named in `unprefixed` (`id` of updateActivity).
 */
export function activityInputError(problems: readonly ActivityProblem[], prefix = 'input.', unprefixed: readonly string[] = []): GraphQLError {
  if (!problems.length) throw new Error('invariant: activityInputError without problems');
  const list = problems.map((p) => {
    const field = unprefixed.includes(p.field) ? p.field : `${prefix}${p.field}`;
    const value = typeof p.value === 'string' ? cutText(p.value) : p.value;
    return { field, value, message: p.message, messageZh: p.messageZh };
  });
  const message = list.map((p) => `${p.field}: ${p.message}${p.value !== '' ? ` (got '${String(p.value)}')` : ''}`).join('; ');
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field: list[0].field, value: list[0].value, problems: list } });
}
