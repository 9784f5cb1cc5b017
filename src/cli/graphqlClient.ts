import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { CliError, EXIT, type ExitCode } from './cliError';
import type { Messages } from './i18n';

/** The default address of the service: what `npm start` listens on. */
export const DEFAULT_URL = 'http://127.0.0.1:4000/graphql';

/** A GraphQL error as the server sends it. */
interface WireError {
  message: string;
  extensions?: { code?: string };
}

/** Returns why a fetch failed, in a few words: the system error code when there is one. */
function reasonOf(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timeout';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

/** Returns the exit code for a server's errors: 4 for NOT_FOUND, 5 for BAD_USER_INPUT, 1 otherwise. */
export function exitCodeOf(errors: readonly WireError[]): ExitCode {
  const codes = errors.map((e) => e.extensions?.code);
  if (codes.includes('NOT_FOUND')) return EXIT.NOT_FOUND;
  if (codes.includes('BAD_USER_INPUT')) return EXIT.REJECTED;
  if (codes.includes('UNAUTHENTICATED') || codes.includes('FORBIDDEN')) return EXIT.DENIED;
  return EXIT.FAILURE;
}

/**
 * Sends typed operations to the service: POST of JSON (`content-type: application/json`) to `url`.
 * Every failure becomes a {@link CliError} with its exit code: 3 when the service cannot be reached,
 * 4 for NOT_FOUND, 5 for BAD_USER_INPUT (the server's message is kept), 6 for UNAUTHENTICATED or FORBIDDEN,
 * 1 for anything else.
 */
export class GraphqlClient {
  constructor(
    readonly url: string,
    private readonly t: Messages,
    private readonly timeoutMs = 120_000,
    /** A bearer token sent with every request (PAIRING_GRAPH_TOKEN), if any. */
    private readonly token?: string,
  ) {}

  async request<R, V>(document: TypedDocumentNode<R, V>, variables: V): Promise<R> {
    let res: Response;
    let text: string;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: JSON.stringify({ query: print(document), variables }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      throw new CliError(EXIT.UNREACHABLE, this.t.unreachable(this.url, reasonOf(err)));
    }
    let body: { data?: R | null; errors?: WireError[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new CliError(EXIT.FAILURE, this.t.notGraphql(this.url, res.status));
    }
    if (typeof body !== 'object' || body === null) throw new CliError(EXIT.FAILURE, this.t.notGraphql(this.url, res.status));
    if (body.errors?.length) {
      const code = exitCodeOf(body.errors);
      const message = body.errors.map((e) => e.message).join('; ');
      const say = code === EXIT.NOT_FOUND ? this.t.notFound : code === EXIT.REJECTED ? this.t.rejected : code === EXIT.DENIED ? this.t.denied : this.t.serverError;
      throw new CliError(code, say(message));
    }
    if (!body.data) throw new CliError(EXIT.FAILURE, this.t.notGraphql(this.url, res.status));
    return body.data;
  }
}
