/**
 * Characters of data that must never reach a terminal as they are: C0 controls (ESC starts escape
 * sequences, BEL rings, CR overwrites the line), DEL, C1 controls (U+0080–U+009F; U+009B is CSI),
 * unpaired surrogates, and the bidirectional controls that reorder what is shown (U+061C, U+200E,
 * U+200F, U+202A–U+202E, U+2066–U+2069).
 */
// eslint-disable-next-line no-control-regex
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\p{Cs}/gu;
// eslint-disable-next-line no-control-regex
const HIDDEN_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\p{Cs}/gu;

/**
 * Returns `text` with each such character written visibly as `\uXXXX` (ESC as `\u001b`), so that what
 * the command line prints of data (tables, problems, progress, messages) cannot move the cursor, clear
 * the screen or reorder the line. `keepLineBreaks` keeps LF and TAB (messages of several lines). Never fails.
 */
export function visibleText(text: string, options: { keepLineBreaks?: boolean } = {}): string {
  return text.replace(options.keepLineBreaks ? HIDDEN_BUT_LINES : HIDDEN, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
