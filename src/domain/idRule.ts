/**
 * The rule every id of the project follows (单位编码, 结对编码, the ids of the report's entities and
 * sources): ASCII letters, digits, `-`, `_` and `.`, starting with a letter or a digit, at most 64
 * characters. Division codes (12 digits) and every id of the seed (`CY-SCHOOL-03`, `pairing-cz-001`,
 * `report-2023-08-22`, …) follow it; `.`, `..`, `../x`, `-x`, spaces, quotes, `*`, Chinese characters,
 * emoji, zero-width and bidirectional-override characters do not.
 */

/** Longest id accepted. */
export const MAX_ID_LENGTH = 64;

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Why an id is refused: its length, or the characters it holds. */
export interface IdProblem {
  code: 'TOO_LONG' | 'BAD_ID';
  zh: string;
  en: string;
}

/** Returns why `text` is not a valid id, or null when it is one. Never fails. */
export function idProblem(text: string): IdProblem | null {
  if (text.length > MAX_ID_LENGTH) {
    return { code: 'TOO_LONG', zh: `编码过长（${text.length} 个字符，最多 ${MAX_ID_LENGTH} 个）`, en: `id too long (${text.length} characters, at most ${MAX_ID_LENGTH})` };
  }
  if (!ID.test(text)) {
    return {
      code: 'BAD_ID',
      zh: '编码只能由英文字母、数字、-、_ 和 . 组成，且以字母或数字开头（不能有汉字、空格、引号、斜杠等）',
      en: 'an id holds only ASCII letters, digits, -, _ and ., and starts with a letter or a digit',
    };
  }
  return null;
}
