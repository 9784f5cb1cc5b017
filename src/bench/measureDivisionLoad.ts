import { spawn } from 'node:child_process';
import path from 'node:path';
import type { DivisionLoadSummary } from '../region/loadDivisions';
import { projectRoot } from '../util/projectRoot';
import { sampleRss } from './sampleRss';

/** What {@link measureDivisionLoad} measured. */
export interface DivisionLoadMeasurement {
  /** The command run, as a user types it. */
  command: string;
  seconds: number;
  rows: number;
  rowsPerSecond: number;
  /** Peak resident set size of the loader process, in MB (sampled every 50 ms from /proc). */
  peakRssMb: number;
  summary: DivisionLoadSummary;
}

/**
 * Runs `pairing-graph divisions load <args> --format json` as a user does, against `uri`, and returns its wall
 * time, rows per second and peak RSS. Rejects with the command's stderr when it fails.
 */
export async function measureDivisionLoad(uri: string, args: string[]): Promise<DivisionLoadMeasurement> {
  const bin = path.join(projectRoot(), 'bin', 'pairing-graph.js');
  const started = Date.now();
  const child = spawn(process.execPath, [bin, 'divisions', 'load', ...args, '--format', 'json'], {
    env: { ...process.env, NEO4J_URI: uri },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const rss = sampleRss(child.pid!, 50);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const seconds = (Date.now() - started) / 1000;
  const peak = rss.stop().peak;
  if (code !== 0) throw new Error(`divisions load ${args.join(' ')} exited ${code}: ${stderr.trim().split('\n').pop()}`);
  const summary = JSON.parse(stdout) as DivisionLoadSummary;
  return { command: `pairing-graph divisions load ${args.join(' ')}`, seconds, rows: summary.rows, rowsPerSecond: summary.rows / seconds, peakRssMb: peak / 1024 ** 2, summary };
}
