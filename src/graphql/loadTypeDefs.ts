import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../util/projectRoot';

/** Returns the SDL of every file in schema/, base.graphql first. Throws when the folder is missing. */
export function loadTypeDefs(dir = path.join(projectRoot(), 'schema')): string[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort((a, b) => (a === 'base.graphql' ? -1 : b === 'base.graphql' ? 1 : a.localeCompare(b)));
  return files.map((f) => readFileSync(path.join(dir, f), 'utf8'));
}
