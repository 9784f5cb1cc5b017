import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/loadConfig';
import { parseDuration } from '../util/parseDuration';
import { projectRoot } from '../util/projectRoot';
import type { AuthSettings } from './createAuthenticator';

/** Returns the absolute path of the development secret (AUTH_DEV_SECRET_FILE, under the project by default). */
export function devSecretPath(config: Config): string {
  return path.resolve(projectRoot(), config.AUTH_DEV_SECRET_FILE);
}

/**
 * Returns the development secret, creating it (random, 48 bytes, readable by the owner only) when absent,
 * so that `npm start` and `pairing-graph token` agree without configuration on a developer's machine.
 */
export function readOrCreateDevSecret(file: string): string {
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return secret;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

/**
 * Returns the auth settings of a configuration: AUTH_JWT_SECRET or AUTH_JWKS_URL; in development, when
 * neither is set, the development secret file. In production one of the two is required (loadConfig checks).
 */
export function authSettingsOf(config: Config): AuthSettings & { devSecretFile?: string } {
  const base = {
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    rolesClaim: config.AUTH_ROLES_CLAIM,
    maxLifetimeSeconds: parseDuration(config.AUTH_MAX_TOKEN_LIFETIME),
    readsNeedToken: config.AUTH_READS === 'token',
  };
  if (config.AUTH_JWT_SECRET) return { ...base, secret: config.AUTH_JWT_SECRET };
  if (config.AUTH_JWKS_URL) return { ...base, jwksUrl: config.AUTH_JWKS_URL };
  if (config.NODE_ENV === 'production') return base;
  const file = devSecretPath(config);
  return { ...base, secret: readOrCreateDevSecret(file), devSecretFile: file };
}
