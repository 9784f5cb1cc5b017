import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../util/projectRoot';

/** Where the launcher lives and what its build leaves behind. */
export function launcherPaths() {
  const dir = path.join(projectRoot(), 'neo4j');
  return {
    dir,
    pom: path.join(dir, 'pom.xml'),
    source: path.join(dir, 'src', 'main', 'java', 'org', 'pairinggraph', 'Neo4jLauncher.java'),
    classes: path.join(dir, 'target', 'classes'),
    lib: path.join(dir, 'target', 'lib'),
    stamp: path.join(dir, 'target', '.build-stamp'),
  };
}

function sourceHash(): string {
  const p = launcherPaths();
  return createHash('sha256').update(readFileSync(p.pom)).update(readFileSync(p.source)).digest('hex');
}

/** Returns true when the Maven build output matches the current pom and launcher source. */
export function launcherIsBuilt(): boolean {
  const p = launcherPaths();
  if (!existsSync(p.stamp) || !existsSync(p.lib)) return false;
  if (!readdirSync(p.lib).some((f) => f.startsWith('neo4j-bolt-'))) return false;
  return readFileSync(p.stamp, 'utf8').trim() === sourceHash();
}

/**
 * Runs the launcher's Maven build once (dependencies copied to neo4j/target/lib) unless it is
 * already built for the current sources. Throws with Maven's last lines when the build fails.
 */
export function ensureLauncherBuilt(log: (line: string) => void = () => {}): void {
  if (launcherIsBuilt()) return;
  const p = launcherPaths();
  log('building the Neo4j launcher with Maven (first run only; downloads Neo4j from Maven Central)…');
  const result = spawnSync('mvn', ['-B', '-q', '-DskipTests', 'package'], {
    cwd: p.dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new Error(`cannot run Maven (mvn): ${result.error.message}. Install Maven 3.8+ and Java 17+.`);
  if (result.status !== 0) {
    const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-20).join('\n');
    throw new Error(`the Neo4j launcher's Maven build failed (exit ${result.status}):\n${tail}`);
  }
  writeFileSync(p.stamp, `${sourceHash()}\n`);
}
