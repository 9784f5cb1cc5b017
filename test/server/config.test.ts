import { ConfigError, loadConfig, parseByteSize } from '../../src/config/loadConfig';

describe('the configuration of limits and timeouts', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      NEO4J_TX_TIMEOUT_MS: 30000,
      GRAPHQL_BODY_LIMIT: '1m',
      GRAPHQL_MAX_DEPTH: 12,
      GRAPHQL_MAX_COST: 100000,
      GRAPHQL_MAX_ALIASES: 15,
      GRAPHQL_MAX_TOKENS: 2000,
      GRAPHQL_MAX_DIRECTIVES: 20,
      LOG_LEVEL: 'info',
    });
    expect(parseByteSize(loadConfig({}).GRAPHQL_BODY_LIMIT)).toBe(1024 * 1024);
  });

  it('reads them from the environment', () => {
    const c = loadConfig({ NEO4J_TX_TIMEOUT_MS: '5000', GRAPHQL_BODY_LIMIT: '256k', GRAPHQL_MAX_DEPTH: '8', GRAPHQL_MAX_ALIASES: '0', LOG_LEVEL: 'debug' });
    expect(c).toMatchObject({ NEO4J_TX_TIMEOUT_MS: 5000, GRAPHQL_BODY_LIMIT: '256k', GRAPHQL_MAX_DEPTH: 8, GRAPHQL_MAX_ALIASES: 0, LOG_LEVEL: 'debug' });
  });

  it('lists every bad value at once', () => {
    let error: unknown;
    try {
      loadConfig({ NEO4J_TX_TIMEOUT_MS: '0', GRAPHQL_BODY_LIMIT: 'huge', GRAPHQL_MAX_DEPTH: '1.5', GRAPHQL_MAX_COST: '-3', GRAPHQL_MAX_TOKENS: 'many' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const key of ['NEO4J_TX_TIMEOUT_MS', 'GRAPHQL_BODY_LIMIT', 'GRAPHQL_MAX_DEPTH', 'GRAPHQL_MAX_COST', 'GRAPHQL_MAX_TOKENS']) expect(problems).toContain(`${key}:`);
  });
});
