import { ConfigError, loadConfig, parseByteSize } from '../../src/config/loadConfig';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ HOST: '127.0.0.1', PORT: 4000, NEO4J_DATABASE: 'neo4j', NEO4J_BOLT_PORT: 7687, SEED_ON_EMPTY: true });
    expect(c.NEO4J_URI).toBeUndefined();
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', NEO4J_URI: '' }).PORT).toBe(4000);
  });

  it('lists every problem, each naming the variable and the value given', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: '99999', NEO4J_URI: 'http://x', SEED_ON_EMPTY: 'maybe', NEO4J_HEAP: 'lots' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/PORT: .*\(got '99999'\)/);
    expect(problems.join('\n')).toMatch(/NEO4J_URI: .*\(got 'http:\/\/x'\)/);
    expect(problems.join('\n')).toMatch(/SEED_ON_EMPTY/);
    expect(problems.join('\n')).toMatch(/NEO4J_HEAP/);
  });

  it('requires a password in production when a server URI is given', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', NEO4J_URI: 'neo4j://db:7687' })).toThrow(/NEO4J_PASSWORD/);
    const secret = 'x'.repeat(32);
    expect(loadConfig({ NODE_ENV: 'production', NEO4J_URI: 'neo4j://db:7687', NEO4J_PASSWORD: 'secret123', AUTH_JWT_SECRET: secret }).NEO4J_URI).toBe('neo4j://db:7687');
  });

  it('converts sizes to bytes', () => {
    expect(parseByteSize('512m')).toBe(512 * 1024 * 1024);
    expect(parseByteSize('1G')).toBe(1024 ** 3);
    expect(parseByteSize('100')).toBe(100);
  });
});
