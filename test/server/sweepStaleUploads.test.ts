import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sweepStaleUploads, UPLOAD_DIR_PREFIX } from '../../src/upload/sweepStaleUploads';
import { startTestServer } from '../support/testServer';

/**
 * An upload's private folder is removed when its request ends; a server killed mid-upload (SIGKILL) cannot
 * do that, so the next server removes such folders once they are an hour old, and nothing else.
 */

let base: string;

beforeEach(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'pairing-graph-sweep-'));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

/** Makes a folder in `base` with a file in it, last touched `ageMs` ago. */
function folder(name: string, ageMs: number): string {
  const dir = path.join(base, name);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'roster.csv'), 'id,name\n');
  const t = (Date.now() - ageMs) / 1000;
  utimesSync(dir, t, t);
  return dir;
}

it('removes upload folders older than an hour, keeps younger ones and anything else', async () => {
  const stale = folder(`${UPLOAD_DIR_PREFIX}old`, 2 * 3600_000);
  const live = folder(`${UPLOAD_DIR_PREFIX}live`, 60_000);
  const other = folder('someone-else-old', 2 * 3600_000);
  expect(await sweepStaleUploads(base)).toEqual([stale]);
  expect([existsSync(stale), existsSync(live), existsSync(other)]).toEqual([false, true, true]);
});

it('a starting server sweeps its upload folder', async () => {
  const stale = folder(`${UPLOAD_DIR_PREFIX}killed`, 3 * 3600_000);
  const server = await startTestServer({ upload: { tmpDir: base } });
  try {
    for (let i = 0; i < 100 && existsSync(stale); i += 1) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(stale)).toBe(false);
  } finally {
    await server.close();
  }
}, 60_000);
