import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../support/runCli';

/** The built logger, as `npm start` runs it (stdout of a real process, not a stream handed in by a test). */
const LOGGER = path.join(PROJECT_ROOT, 'dist/src/observability/logger.js');

/** One line the child wrote to stdout, parsed, with how long after the child said "logged" it arrived. */
interface Arrival {
  line: { msg: string; i?: number };
  afterLoggedMs: number | null;
}

/**
 * Runs `script` in a child Node with `createLogger` in scope and collects its stdout lines as they arrive. The
 * script writes `logged` to stderr when it has logged the line whose arrival is timed. Resolves when it exits.
 */
function runChild(script: string): Promise<{ code: number | null; arrivals: Arrival[] }> {
  const child = spawn(process.execPath, ['-e', `const { createLogger } = require(${JSON.stringify(LOGGER)});\n${script}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  const arrivals: Arrival[] = [];
  let loggedAt: number | null = null;
  let pending = '';
  child.stderr.on('data', (d: Buffer) => {
    if (d.toString().includes('logged')) loggedAt = Date.now();
  });
  child.stdout.on('data', (d: Buffer) => {
    pending += d.toString();
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const l of lines) arrivals.push({ line: JSON.parse(l) as Arrival['line'], afterLoggedMs: loggedAt === null ? null : Date.now() - loggedAt });
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, arrivals })));
}

beforeAll(() => {
  if (!existsSync(LOGGER)) throw new Error(`${LOGGER} is missing: run \`npm run build\` first (npm install does it)`);
});

describe('the service logger on stdout (buffered, asynchronous)', () => {
  it('writes a lone line within about 100 ms, long before the process ends', async () => {
    const { code, arrivals } = await runChild(`
      const log = createLogger('info');
      log.info('alone');
      process.stderr.write('logged\\n');
      setTimeout(() => process.exit(0), 3000);
    `);
    expect(code).toBe(0);
    expect(arrivals.map((a) => a.line.msg)).toEqual(['alone']);
    // Buffered for at most LOG_FLUSH_MS (100 ms); 3 s would mean it waited for the exit.
    expect(arrivals[0].afterLoggedMs).not.toBeNull();
    expect(arrivals[0].afterLoggedMs!).toBeLessThan(1500);
  });

  it('loses no line and keeps their order when the process exits at once, or ends by itself', async () => {
    for (const ending of ['process.exit(0);', '']) {
      const { code, arrivals } = await runChild(`
        const log = createLogger('info');
        for (let i = 0; i < 500; i++) log.info({ i }, 'many');
        ${ending}
      `);
      expect(code).toBe(0);
      expect(arrivals.map((a) => a.line.i)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    }
  });
});
