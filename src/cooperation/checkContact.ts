import { badUserInput } from '../graphql/errors';
import { textCharacterProblem } from '../roster/values';
import type { ContactRecord } from './EntityRecord';

const PHONE = /^\+?[0-9][0-9 ()-]{3,28}[0-9]$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,63}$/;

/**
 * Returns the contact fields given (null clears a field), trimmed, after checking them (no control
 * character but TAB and line breaks in the note, no unpaired surrogate); throws
 * BAD_USER_INPUT naming `input.phone`, `input.email` or `input.note` for the first bad one.
 */
export function checkContact(input: { phone?: string | null; email?: string | null; note?: string | null }): Partial<ContactRecord> {
  const out: Partial<ContactRecord> = {};
  for (const field of ['phone', 'email', 'note'] as const) {
    const raw = input[field];
    if (raw === undefined) continue;
    const value = raw === null || raw.trim() === '' ? null : raw.trim();
    if (value !== null) {
      const bad = textCharacterProblem(value, field === 'note');
      if (bad) throw badUserInput(`input.${field}`, bad.en, value);
      if (field === 'phone' && !PHONE.test(value)) throw badUserInput('input.phone', 'a telephone number: digits, spaces, +, - and parentheses, 5 to 30 characters', value);
      if (field === 'email' && !EMAIL.test(value)) throw badUserInput('input.email', 'an e-mail address such as name@example.org', value);
      if (field === 'note' && value.length > 200) throw badUserInput('input.note', 'at most 200 characters', `${value.slice(0, 20)}…`);
    }
    out[field] = value;
  }
  return out;
}
