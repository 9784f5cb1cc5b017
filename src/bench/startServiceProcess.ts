import { spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../util/projectRoot';

/** A running `node dist/src/main.js` in its own process, so that its memory is measured alone. */
export interface ServiceProcess {
  pid: number;
  url: string;
  stop(): Promise<void>;
}

/** Starts the built service against `neo4jUri` on `port` and resolves when it prints its ready line; rejects with its output when it exits first. */
export function startServiceProcess(neo4jUri: string, port: number, extraEnv: Record<string, string> = {}): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [path.join(projectRoot(), 'dist/src/main.js')], {
    env: { ...process.env, NEO4J_URI: neo4jUri, PORT: String(port), HOST: '127.0.0.1', SEED_ON_EMPTY: 'false', NODE_ENV: 'production', NEO4J_PASSWORD: 'unused-by-embedded', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Keeps the output until ready, then only its last 16 KiB (the service logs a line per request).
  let output = '';
  let ready = false;
  const keep = (d: Buffer) => {
    output += d.toString();
    if (ready && output.length > 32768) output = output.slice(-16384);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (!output.includes('pairing-graph ready')) return;
      ready = true;
      clearInterval(timer);
      resolve({
        pid: child.pid!,
        url: `http://127.0.0.1:${port}`,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    }, 100);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`service exited with ${code}:\n${output}`));
    });
  });
}
