import { idProblem } from '../domain/idRule';
import { badUserInput } from './errors';

/**
 * Returns `value` when it is a valid id (see `idRule.ts`); throws BAD_USER_INPUT naming `field` (e.g.
 * `unitId`, `where.targetId`) otherwise, so that a malformed id is told apart from an unknown one (NOT_FOUND).
 */
export function checkId<T extends string | null | undefined>(field: string, value: T): T {
  if (value === null || value === undefined) return value;
  const problem = idProblem(value);
  if (problem) throw badUserInput(field, problem.en, value);
  return value;
}
