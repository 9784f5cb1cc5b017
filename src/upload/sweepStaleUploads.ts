import { readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The prefix of every upload's private folder (`mkdtemp`), under the temp folder. */
export const UPLOAD_DIR_PREFIX = 'pairing-graph-upload-';

/** Upload folders older than this are left over by a process that was killed mid-upload. */
const STALE_MS = 60 * 60 * 1000;

/**
 * Removes the upload folders in `tmpDir` (the system's temp folder by default) untouched for more than an
 * hour: what a server killed in the middle of an upload (SIGKILL, a crash) could not remove. A younger
 * folder may belong to a live upload of another process and is kept. Returns the folders removed; never
 * throws (a folder it cannot read or remove is skipped).
 */
export async function sweepStaleUploads(tmpDir: string = os.tmpdir(), now: number = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  const names = await readdir(tmpDir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(UPLOAD_DIR_PREFIX)) continue;
    const dir = path.join(tmpDir, name);
    try {
      const info = await stat(dir);
      if (!info.isDirectory() || now - info.mtimeMs < STALE_MS) continue;
      await rm(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
  return removed;
}
