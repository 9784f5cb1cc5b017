import type { Lang } from './i18n';
import { visibleText } from './visibleText';

/** A progress line on a terminal's stderr: redrawn in place, at most ten times a second. */
export interface ProgressBar {
  update(phase: 'check' | 'write', file: string, bytes: number, totalBytes: number | undefined, rows: number): void;
  /** Clears the line. */
  done(): void;
}

const WIDTH = 24;

/** Returns a progress bar writing to `write` when `enabled` (stderr is a terminal), else one that prints nothing. */
export function progressBar(enabled: boolean, lang: Lang, write: (text: string) => void, now: () => number = Date.now): ProgressBar {
  if (!enabled) return { update: () => undefined, done: () => undefined };
  let last = 0;
  let shown = false;
  return {
    update(phase, file, bytes, totalBytes, rows) {
      const t = now();
      if (t - last < 100) return;
      last = t;
      const fraction = totalBytes ? Math.min(1, bytes / totalBytes) : 0;
      const filled = Math.round(fraction * WIDTH);
      const bar = `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%`;
      const what = lang === 'zh' ? (phase === 'check' ? '校验' : '写入') : phase === 'check' ? 'checking' : 'writing';
      const count = lang === 'zh' ? `${rows.toLocaleString('en-US')} 行` : `${rows.toLocaleString('en-US')} rows`;
      write(`\r\x1b[K${what} ${visibleText(file)} ${bar} ${count}`);
      shown = true;
    },
    done() {
      if (shown) write('\r\x1b[K');
      shown = false;
    },
  };
}
