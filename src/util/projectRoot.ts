import { existsSync } from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

/**
 * Returns the absolute path of the project folder (the one holding this package's
 * package.json), whether the code runs from `src/` under ts-jest or from `dist/src/`.
 * Throws when no package.json is found above this file: an impossible state for an install.
 */
export function projectRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'schema'))) {
      cached = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`invariant: no project root above ${__dirname}`);
    dir = parent;
  }
}
