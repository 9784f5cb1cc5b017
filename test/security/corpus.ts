import type { Reply } from '../server/harness';

/** Strings that would do harm if any of them reached Cypher as text rather than as a parameter. */
export const EVIL = [
  "') RETURN 1 //",
  '"}) MATCH (n) DETACH DELETE n //',
  "' }) MATCH (n) SET n.pwned = true RETURN n //",
  "' OR 1=1 //",
  '$x',
  '$unitId',
  '`x` DETACH DELETE n',
  '`}) MATCH (n) DETACH DELETE n //',
  "卓资' }) CALL { MATCH (n) DETACH DELETE n } RETURN 1 //",
  'MATCH (n) DETACH DELETE n',
  '150921212210\' OR \'1\'=\'1',
  '.*',
  '(?i)[',
  '\\',
  '\\u0027',
  '\u0000',
  '%',
  '{{x}}',
  ' ',
  '',
  'x'.repeat(5000),
];

/** Codes a client may see for bad input. */
export const CLIENT_CODES = [
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
];

/** Checks one answer against the rules of the corpus; returns what is wrong, or nothing. */
export function problemsOf(res: Reply): string[] {
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`HTTP ${res.status}`);
  if (!res.json) return [...problems, `not JSON: ${res.text.slice(0, 120)}`];
  const errors = res.json.errors ?? (res.json.error ? [{ message: res.json.error.message ?? '', extensions: { code: res.json.error.code } }] : []);
  if (res.status !== 200 && errors.length === 0) problems.push(`HTTP ${res.status} without an error`);
  for (const e of errors) {
    if (typeof e.message !== 'string' || e.message.trim() === '') problems.push('an error without a message');
    const code = e.extensions?.code;
    if (!code || !CLIENT_CODES.includes(code)) problems.push(`code ${code}: ${e.message}`);
    if (e.extensions?.stacktrace) problems.push('a stack trace');
    if (/neo4j|cypher|\bat .+\.(js|ts):\d+/i.test(e.message)) problems.push(`an internal message: ${e.message}`);
    if (/Did you mean/.test(e.message)) problems.push(`a field suggestion in production: ${e.message}`);
  }
  return problems;
}

