import { z } from 'zod';
import { DEFAULT_MAX_TOKEN_LIFETIME } from '../auth/tokenLifetime';
import { DURATION, parseDuration } from '../util/parseDuration';
import { redactUri } from '../util/redactUri';

const byteSize = z
  .string()
  .regex(/^\d+[kmg]?$/i, 'a size such as 512m, 1g or a byte count')
  .describe('size');

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const positiveInt = (what: string) => z.coerce.number({ message: what }).int('a whole number').positive('greater than 0');

const port = z.coerce
  .number({ message: 'a port number' })
  .int('a whole number')
  .min(0, 'between 0 and 65535')
  .max(65535, 'between 0 and 65535');

/** Every environment variable the service reads, with its default and meaning (the README's table mirrors it). */
export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: port.default(4000),
    NEO4J_URI: z
      .string()
      .regex(/^(bolt|neo4j)(\+s|\+ssc)?:\/\/.+/, 'a bolt:// or neo4j:// URI')
      .optional(),
    NEO4J_USER: z.string().default('neo4j'),
    NEO4J_PASSWORD: z.string().default(''),
    NEO4J_DATABASE: z.string().min(1).default('neo4j'),
    NEO4J_DATA_DIR: z.string().min(1).default('.data/neo4j'),
    NEO4J_BOLT_PORT: port.default(7687),
    NEO4J_HEAP: byteSize.default('512m'),
    NEO4J_PAGECACHE: byteSize.default('256m'),
    NEO4J_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
    SEED_ON_EMPTY: booleanFlag.default(true),
    SEED_DIVISIONS: z.enum(['national', 'counties']).default('national'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    NEO4J_TX_TIMEOUT_MS: positiveInt('milliseconds').default(30_000),
    NEO4J_STARTUP_TX_TIMEOUT_MS: z.coerce.number({ message: 'milliseconds' }).int('a whole number').min(0, '0 (no limit) or more').default(600_000),
    GRAPHQL_BODY_LIMIT: byteSize.default('1m'),
    GRAPHQL_MAX_DEPTH: positiveInt('a depth').default(12),
    GRAPHQL_MAX_COST: positiveInt('a cost').default(100_000),
    GRAPHQL_MAX_ALIASES: z.coerce.number({ message: 'a count' }).int('a whole number').min(0, '0 or more').default(15),
    GRAPHQL_MAX_TOKENS: positiveInt('a count').default(2000),
    GRAPHQL_MAX_DIRECTIVES: z.coerce.number({ message: 'a count' }).int('a whole number').min(0, '0 or more').default(20),
    UPLOAD_MAX_FILE_BYTES: byteSize.default('10m'),
    UPLOAD_MAX_BYTES: byteSize.default('20m'),
    UPLOAD_MAX_FILES: positiveInt('a count').default(10),
    IMPORT_TX_TIMEOUT_MS: positiveInt('milliseconds').default(600_000),
    AUTH_JWT_SECRET: z.string().min(32, 'at least 32 characters').optional(),
    AUTH_JWKS_URL: z.url({ protocol: /^https?$/, message: 'an http(s) URL of a JSON Web Key Set' }).optional(),
    AUTH_ISSUER: z.string().min(1).optional(),
    AUTH_AUDIENCE: z.string().min(1).optional(),
    AUTH_ROLES_CLAIM: z.string().min(1).default('roles'),
    AUTH_MAX_TOKEN_LIFETIME: z
      .string()
      .refine((v) => DURATION.test(v) && parseDuration(v) > 0, 'a duration such as 30m, 8h, 24h or 7d, longer than 0')
      .default(DEFAULT_MAX_TOKEN_LIFETIME),
    AUTH_READS: z.enum(['open', 'token'], { message: "'open' or 'token'" }).default('open'),
    AUTH_DEV_SECRET_FILE: z.string().min(1).default('.data/dev-jwt-secret'),
    // Roster imports (README, Rosters): bounds checked while a file streams.
    IMPORT_XLSX_MAX_INFLATED: byteSize.default('512m'),
    IMPORT_XLSX_MAX_RATIO: positiveInt('a ratio').default(200),
    IMPORT_MAX_ROWS: positiveInt('a count').default(1_048_576),
    IMPORT_MAX_COLUMNS: positiveInt('a count').max(16_384, 'at most 16384 (column XFD)').default(256),
    IMPORT_MAX_CELL_CHARS: positiveInt('a count').default(32_767),
    IMPORT_XLSX_MAX_SHARED_STRINGS: positiveInt('a count').default(1_000_000),
    IMPORT_XLSX_MAX_SHARED_CHARS: positiveInt('a count').default(32_000_000),
  })
  .superRefine((env, ctx) => {
    if (env.NEO4J_URI && env.NEO4J_PASSWORD === '' && env.NODE_ENV === 'production') {
      ctx.addIssue({ code: 'custom', path: ['NEO4J_PASSWORD'], message: 'required in production when NEO4J_URI is set' });
    }
    if (env.AUTH_JWT_SECRET && env.AUTH_JWKS_URL) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_JWKS_URL'], message: 'set AUTH_JWT_SECRET or AUTH_JWKS_URL, not both' });
    }
    if (env.NODE_ENV === 'production' && !env.AUTH_JWT_SECRET && !env.AUTH_JWKS_URL) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_JWT_SECRET'], message: 'AUTH_JWT_SECRET or AUTH_JWKS_URL is required in production' });
    }
  });

/** The validated configuration. */
export type Config = z.infer<typeof configSchema>;

/** Variables whose value is never repeated in a message: only its length is. */
const SECRET_KEYS = new Set(['AUTH_JWT_SECRET', 'NEO4J_PASSWORD']);

/** Returns how a message may quote the value of `key`: secrets by their length only, URIs without user and password. */
function quoted(key: string, value: string): string {
  if (SECRET_KEYS.has(key)) return `got ${value.length} characters, not shown`;
  return `got '${redactUri(value)}'`;
}

/** Thrown by {@link loadConfig}: `problems` has one entry per invalid variable; the message puts them all on one line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Returns the configuration read from `env` (process.env by default). Empty strings count as unset.
 * Throws a {@link ConfigError} that lists every problem at once, never only the first, each naming the
 * variable, the rule and the value given (for AUTH_JWT_SECRET and NEO4J_PASSWORD only its length).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape ?? {})) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = configSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(environment)';
    const given = typeof issue.path[0] === 'string' ? input[issue.path[0]] : undefined;
    return `${key}: ${issue.message}${given !== undefined ? ` (${quoted(key, given)})` : ''}`;
  });
  throw new ConfigError(problems);
}

/** Converts a size such as `512m` to bytes. */
export function parseByteSize(size: string): number {
  const match = /^(\d+)([kmg]?)$/i.exec(size);
  if (!match) throw new Error(`invariant: unvalidated size '${size}'`);
  const factor = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(match[1]) * factor;
}
