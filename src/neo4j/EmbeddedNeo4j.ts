import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ensureLauncherBuilt, launcherPaths } from './launcherBuild';

/** How to start an embedded Neo4j. */
export interface EmbeddedNeo4jOptions {
  /** Folder for the database files and Neo4j's logs. */
  home: string;
  /** Bolt port on 127.0.0.1. */
  port: number;
  /** JVM heap, such as `512m`. */
  heap?: string;
  /** Page cache in bytes. */
  pageCacheBytes?: number;
  /** Pid whose death stops Neo4j too (defaults to this process): no orphaned Java. */
  parentPid?: number;
  /** Detach into the background (for `npm run db:start`), writing its output to this file. */
  detachedLogFile?: string;
  /** Milliseconds to wait for the ready line. */
  startTimeoutMs?: number;
  /** Receives each line Neo4j prints that is not the ready line. */
  onLine?: (line: string) => void;
}

/** The JVM flags that Neo4j's own neo4j.conf sets on Java 17. */
export const NEO4J_JVM_FLAGS = [
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--enable-native-access=ALL-UNNAMED',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-XX:+UseG1GC',
  '-XX:-OmitStackTraceInFastThrow',
];

/**
 * A real Neo4j Community instance run by the project's Java launcher with plain `java -cp`.
 * `start()` resolves once Bolt accepts work; `stop()` sends SIGTERM and waits for a clean exit.
 */
export class EmbeddedNeo4j {
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> | undefined;

  constructor(private readonly options: EmbeddedNeo4jOptions) {}

  /** The Bolt URI of this instance. */
  get uri(): string {
    return `bolt://127.0.0.1:${this.options.port}`;
  }

  /** The process id of the JVM, once started. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Returns the `java` command line (without the executable) that starts this instance. */
  commandLine(): string[] {
    const p = launcherPaths();
    const o = this.options;
    const args = [
      `-Xms${o.heap ?? '512m'}`,
      `-Xmx${o.heap ?? '512m'}`,
      ...NEO4J_JVM_FLAGS,
      '-cp',
      `${p.classes}${path.delimiter}${path.join(p.lib, '*')}`,
      'org.pairinggraph.Neo4jLauncher',
      '--home',
      path.resolve(o.home),
      '--port',
      String(o.port),
      '--pagecache',
      String(o.pageCacheBytes ?? 256 * 1024 * 1024),
    ];
    if (!o.detachedLogFile) args.push('--parent-pid', String(o.parentPid ?? process.pid));
    return args;
  }

  /**
   * Builds the launcher when needed, starts the JVM and resolves with the Bolt URI when Neo4j
   * prints its ready line. Rejects (and kills the JVM) when it exits first or the wait times out.
   */
  async start(): Promise<string> {
    if (this.child) throw new Error('invariant: EmbeddedNeo4j started twice');
    ensureLauncherBuilt((line) => this.options.onLine?.(line));
    mkdirSync(this.options.home, { recursive: true });
    const logFile = this.options.detachedLogFile;
    const out = logFile ? openSync(logFile, 'a') : 'pipe';
    const child = spawn('java', this.commandLine(), { stdio: ['ignore', out, out], detached: Boolean(logFile) });
    if (typeof out === 'number') closeSync(out);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const recent: string[] = [];
    const remember = (line: string) => {
      recent.push(line);
      if (recent.length > 30) recent.shift();
      this.options.onLine?.(line);
    };
    const ready = new Promise<string>((resolve, reject) => {
      const onLine = (line: string) => {
        if (line.startsWith('NEO4J_READY ')) resolve(line.slice('NEO4J_READY '.length).trim());
        else remember(line);
      };
      if (logFile) watchLog(logFile, onLine, this.exited!);
      else {
        createInterface({ input: child.stdout! }).on('line', onLine);
        createInterface({ input: child.stderr! }).on('line', remember);
      }
      child.once('error', (err) => reject(new Error(`cannot start java: ${err.message}. Install Java 17+.`)));
      void this.exited!.then((code) =>
        reject(new Error(`Neo4j exited with code ${code} before it was ready:\n${recent.slice(-15).join('\n')}`)),
      );
    });
    const timeoutMs = this.options.startTimeoutMs ?? 120_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Neo4j did not become ready within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const uri = await Promise.race([ready, timeout]);
      if (logFile) child.unref();
      return uri;
    } catch (err) {
      await this.stop();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends SIGTERM, waits up to `graceMs` for a clean shutdown, then SIGKILL. Safe to call twice. */
  async stop(graceMs = 30_000): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    try {
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Feeds the lines appended to `file` (from its current end) to `onLine` until `until` settles. */
function watchLog(file: string, onLine: (line: string) => void, until: Promise<unknown>): void {
  let offset = readFileSync(file).length;
  let partial = '';
  const timer = setInterval(() => {
    const buf = readFileSync(file);
    if (buf.length <= offset) return;
    const text = partial + buf.subarray(offset).toString('utf8');
    offset = buf.length;
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    lines.forEach(onLine);
  }, 200);
  timer.unref();
  void until.then(() => clearInterval(timer));
}
