import { spawnSync } from 'node:child_process';
import { buildDist, cleanEnv, mainJs, root } from '../support/serviceProcess';

/**
 * Issue 16, item 10: a bad configuration stops the built service (`node dist/src/main.js`) with exit code 1
 * and ONE line on stderr naming each variable and its rule, no stack trace, and never the value of a secret
 * (AUTH_JWT_SECRET, NEO4J_PASSWORD, the password in a URI) anywhere in its output.
 */

beforeAll(buildDist, 120_000);

/** Runs the service with `env` and returns how it ended. */
function run(env: Record<string, string>) {
  const result = spawnSync(process.execPath, [mainJs], { cwd: root, env: cleanEnv({ PORT: '0', ...env }), encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, lines: result.stderr.trim().split('\n') };
}

describe('a bad configuration', () => {
  it('AUTH_JWT_SECRET too short: exit 1, one line naming the variable and the rule, the secret nowhere', () => {
    const secret = 'short-Sesame7';
    const r = run({ AUTH_JWT_SECRET: secret });
    expect(r.status).toBe(1);
    expect(r.lines).toEqual([`invalid configuration: AUTH_JWT_SECRET: at least 32 characters (got ${secret.length} characters, not shown)`]);
    expect(r.stdout + r.stderr).not.toContain(secret);
  });

  it('a password inside NEO4J_URI is not echoed', () => {
    const r = run({ NEO4J_URI: 'http://neo4j:Hunter2-secret@db.example:7687' });
    expect(r.status).toBe(1);
    expect(r.lines).toEqual(["invalid configuration: NEO4J_URI: a bolt:// or neo4j:// URI (got 'http://***@db.example:7687')"]);
    expect(r.stdout + r.stderr).not.toContain('Hunter2-secret');
  });

  it('several problems, secrets among them: still one line listing each, no secret, no stack', () => {
    const r = run({ AUTH_JWT_SECRET: 'tiny-Sesame', NEO4J_PASSWORD: 'pw-Sesame-2026', NEO4J_URI: 'bolt://db:7687', NODE_ENV: 'production', PORT: 'abc' });
    expect(r.status).toBe(1);
    expect(r.lines).toEqual([
      "invalid configuration: PORT: a port number (got 'abc'); AUTH_JWT_SECRET: at least 32 characters (got 11 characters, not shown)",
    ]);
    expect(r.stdout + r.stderr).not.toMatch(/tiny-Sesame|pw-Sesame-2026|\n\s+at /);
  });
});
