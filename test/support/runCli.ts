import { execFile } from 'node:child_process';
import path from 'node:path';

/** The project folder and its command-line entry point, as a user runs it. */
export const PROJECT_ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(PROJECT_ROOT, 'bin/pairing-graph.js');

/** How a run of the command line ended. */
export interface CliRun {
  /** The exit code (null when killed by a signal or the timeout). */
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node bin/pairing-graph.js …` from the project folder, asynchronously (a test server may live in
 * this process), with this process's environment minus `unset`, plus `env`. Never rejects.
 */
export function runCli(args: string[], env: Record<string, string> = {}, options: { unset?: string[]; timeoutMs?: number; maxBuffer?: number } = {}): Promise<CliRun> {
  const base = { ...process.env };
  for (const name of options.unset ?? []) delete base[name];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: PROJECT_ROOT, env: { ...base, ...env }, encoding: 'utf8', timeout: options.timeoutMs ?? 60_000, maxBuffer: options.maxBuffer ?? 16 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ status: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
  });
}
