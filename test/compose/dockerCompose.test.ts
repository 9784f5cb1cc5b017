/**
 * Static checks of docker-compose.yml and the Dockerfile against the service's configuration
 * schema: no database, no Docker engine, only parsing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { configSchema, loadConfig } from '../../src/config/loadConfig';

const root = path.resolve(__dirname, '../..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

type Env = Record<string, string | undefined>;

/**
 * Compose-style interpolation: `${VAR:-default}`, `${VAR-default}`, `${VAR}`, `$VAR` and `$$`,
 * resolved against `env` (empty by default, so every value falls back to its default).
 */
function interpolate(value: string, env: Env = {}): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, name?: string, colon?: string, op?: string, word?: string, bare?: string) => {
      if (match === '$$') return '$';
      if (bare !== undefined) return env[bare] ?? '';
      const current = env[name!];
      const missing = current === undefined || (colon === ':' && current === '');
      if (!op) return current ?? '';
      if (!missing) return current!;
      if (op === '-') return interpolate(word ?? '', env);
      throw new Error(`${name} is required: ${word}`);
    },
  );
}

/** A service's `environment`, list or mapping form, as raw (uninterpolated) strings. */
function rawEnvironment(service: Record<string, unknown>): Record<string, string> {
  const environment = service.environment ?? {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map((entry: string) => {
        const i = entry.indexOf('=');
        return i < 0 ? [entry, ''] : [entry.slice(0, i), entry.slice(i + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(environment as Record<string, unknown>).map(([k, v]) => [k, v == null ? '' : String(v)]),
  );
}

/** What a user of docker compose must export: the token secret (compose refuses to start without it). */
const REQUIRED: Env = { AUTH_JWT_SECRET: 'a-random-secret-of-at-least-32-characters' };

const environmentOf = (service: Record<string, unknown>, env: Env = REQUIRED): Record<string, string> =>
  Object.fromEntries(Object.entries(rawEnvironment(service)).map(([k, v]) => [k, interpolate(v, env)]));

/** Published ports as { host ip, host port, container port }, short or long syntax. */
function portsOf(service: Record<string, unknown>): { ip?: string; published?: string; target: string }[] {
  return ((service.ports as unknown[]) ?? []).map((p) => {
    if (typeof p === 'object' && p !== null) {
      const long = p as { target: number | string; published?: number | string; host_ip?: string };
      return { ip: long.host_ip, published: long.published?.toString(), target: String(long.target) };
    }
    const parts = String(p).replace(/\/(tcp|udp)$/, '').split(':');
    const target = parts.pop()!;
    const published = parts.pop();
    return { ip: parts.pop(), published, target };
  });
}

/** The instructions of the Dockerfile's last stage, continuation lines joined, comments dropped. */
function finalStage(dockerfile: string): { instruction: string; args: string }[] {
  const lines = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const lastFrom = lines.map((l) => /^FROM\s/i.test(l)).lastIndexOf(true);
  expect(lastFrom).toBeGreaterThanOrEqual(0);
  return lines.slice(lastFrom).map((l) => {
    const [, instruction, args] = /^(\S+)\s*(.*)$/.exec(l)!;
    return { instruction: instruction.toUpperCase(), args };
  });
}

/** `ENV A=1 B="2"` (and the legacy `ENV A 1`) as a map. */
function envInstruction(args: string): Record<string, string> {
  if (!args.includes('=')) {
    const [key, ...rest] = args.split(/\s+/);
    return { [key]: rest.join(' ') };
  }
  const out: Record<string, string> = {};
  for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|'([^']*)'|\S*)/g)) {
    out[m[1]] = m[3] ?? m[4] ?? m[2];
  }
  return out;
}

const compose = parse(read('docker-compose.yml')) as {
  services: Record<string, Record<string, any>>;
  volumes?: Record<string, unknown>;
};
const neo4j = compose.services?.neo4j;
const api = compose.services?.api;

describe('docker-compose.yml', () => {
  it('defines the neo4j and api services', () => {
    expect(Object.keys(compose.services ?? {})).toEqual(expect.arrayContaining(['neo4j', 'api']));
  });

  it('runs Neo4j 5.26 community with a health check and a named data volume', () => {
    expect(neo4j.image).toBe('neo4j:5.26-community');
    expect(neo4j.healthcheck?.test).toBeDefined();
    expect(neo4j.healthcheck?.disable).not.toBe(true);
    for (const key of ['interval', 'timeout', 'retries', 'start_period']) expect(neo4j.healthcheck).toHaveProperty(key);
    expect(neo4j.volumes).toContain('neo4j-data:/data');
    expect(compose.volumes).toHaveProperty('neo4j-data');
  });

  it('publishes Neo4j only on the loopback interface', () => {
    const ports = portsOf(neo4j);
    expect(ports.map((p) => p.target).sort()).toEqual(['7474', '7687']);
    for (const p of ports) expect(p.ip).toBe('127.0.0.1');
  });

  it('starts the api only once neo4j is healthy', () => {
    expect(api.build).toBeDefined();
    expect(api.depends_on?.neo4j?.condition).toBe('service_healthy');
  });

  it('gives the api only variables the service reads', () => {
    const known = Object.keys(configSchema.shape);
    const given = Object.keys(rawEnvironment(api));
    expect(given.length).toBeGreaterThan(0);
    expect(given.filter((key) => !known.includes(key))).toEqual([]);
  });

  it('gives the api a configuration loadConfig accepts, with the compose defaults', () => {
    const config = loadConfig(environmentOf(api));
    expect(config).toMatchObject({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      NEO4J_URI: 'bolt://neo4j:7687',
      NEO4J_DATABASE: 'neo4j',
    });
    // An empty NEO4J_PASSWORD in the shell must still fall back to the default (`:-`, not `-`),
    // or the production rule (password required when NEO4J_URI is set) would reject it.
    expect(() => loadConfig(environmentOf(api, { ...REQUIRED, NEO4J_PASSWORD: '' }))).not.toThrow();
  });

  it('refuses to start without a token secret, saying which variable to set', () => {
    expect(() => environmentOf(api, {})).toThrow(/AUTH_JWT_SECRET is required/);
    expect(loadConfig(environmentOf(api)).AUTH_READS).toBe('open');
  });

  it('points the api at the neo4j service with the password Neo4j is given', () => {
    const apiEnv = environmentOf(api);
    const uri = new URL(apiEnv.NEO4J_URI);
    expect(uri.hostname).toBe('neo4j');
    expect(portsOf(neo4j).map((p) => p.target)).toContain(uri.port);

    const auth = environmentOf(neo4j).NEO4J_AUTH;
    expect(auth).toBe(`${apiEnv.NEO4J_USER}/${apiEnv.NEO4J_PASSWORD}`);
    expect(apiEnv.NEO4J_PASSWORD.length).toBeGreaterThanOrEqual(8); // Neo4j 5 rejects shorter passwords
    expect(environmentOf(neo4j, { ...REQUIRED, NEO4J_PASSWORD: 'another-secret' }).NEO4J_AUTH).toBe('neo4j/another-secret');
  });

  it('publishes the port the api listens on, on loopback only', () => {
    const config = loadConfig(environmentOf(api));
    const ports = portsOf(api);
    expect(ports).toHaveLength(1);
    expect(ports[0].target).toBe(String(config.PORT));
    expect(ports[0].ip).toBe('127.0.0.1');
  });
});

describe('Dockerfile', () => {
  const stage = finalStage(read('Dockerfile'));
  const all = (instruction: string) => stage.filter((s) => s.instruction === instruction);

  it('runs the compiled entry point directly from the final stage', () => {
    const cmd = all('CMD').at(-1);
    expect(cmd).toBeDefined();
    expect(JSON.parse(cmd!.args)).toEqual(['node', 'dist/src/main.js']);
  });

  it('listens on all interfaces in production on the exposed port, as a non-root user', () => {
    const env = Object.assign({}, ...all('ENV').map((s) => envInstruction(s.args))) as Record<string, string>;
    expect(env.HOST).toBe('0.0.0.0');
    expect(env.NODE_ENV).toBe('production');
    const config = loadConfig({ ...env, NEO4J_URI: 'bolt://db:7687', NEO4J_PASSWORD: 'x'.repeat(8), AUTH_JWT_SECRET: 'x'.repeat(32) });
    expect(all('EXPOSE').flatMap((s) => s.args.split(/\s+/))).toContain(String(config.PORT));
    expect(all('USER').at(-1)?.args).toBe('node');
  });

  it('ships the schema and seed folders the runtime reads, and checks /healthz', () => {
    const copied = all('COPY').map((s) => s.args);
    for (const folder of ['schema', 'seed', 'dist', 'node_modules', 'package.json']) {
      expect(copied.some((args) => args.split(/\s+/).some((a) => a.replace(/^\/app\//, '').replace(/\/$/, '') === folder))).toBe(true);
    }
    expect(all('HEALTHCHECK').at(-1)?.args).toContain('/healthz');
  });
});
