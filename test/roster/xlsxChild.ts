// A child process of xlsxBombs.test.ts (bundled by esbuild from the sources): reads a workbook with
// readSheet and prints one JSON line: rows read, the error (code, row, reason), peak RSS, wall time and CPU time.
// Argument 1: the file; argument 2: limits as JSON (merged over the defaults); with `--signal-after N`
// it prints `reading` after N rows and goes on reading (the parent kills it there).
import { DEFAULT_IMPORT_LIMITS } from '../../src/roster/importLimits';
import { readSheet, SheetReadError } from '../../src/roster/readSheet';

async function main(): Promise<void> {
  const [file, limitsJson = '{}', flag, after] = process.argv.slice(2);
  const limits = { ...DEFAULT_IMPORT_LIMITS, ...(JSON.parse(limitsJson) as object) };
  const signalAfter = flag === '--signal-after' ? Number(after) : Infinity;
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  let rows = 0;
  let error: { code?: string; row: number; en: string; zh: string } | null = null;
  try {
    for await (const _ of readSheet(file, { format: 'xlsx', limits })) {
      rows += 1;
      if (rows === signalAfter) process.stdout.write('reading\n');
    }
  } catch (err) {
    if (!(err instanceof SheetReadError)) throw err;
    error = { code: err.code, row: err.row, en: err.reason.en, zh: err.reason.zh };
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(`${JSON.stringify({ rows, error, ms, cpuMs, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

void main();
