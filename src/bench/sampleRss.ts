import { readFileSync } from 'node:fs';

/** Returns the resident set size of process `pid` in bytes, from /proc (Linux), or null when gone. */
export function rssOf(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; `stop()` returns the first and the peak value. */
export function sampleRss(pid: number, everyMs = 50) {
  const first = rssOf(pid) ?? 0;
  let peak = first;
  let samples = 0;
  const timer = setInterval(() => {
    const rss = rssOf(pid);
    if (rss !== null) {
      samples += 1;
      peak = Math.max(peak, rss);
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return { first, peak, samples };
    },
  };
}
