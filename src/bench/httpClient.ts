import http from 'node:http';

/** One HTTP request of a benchmark: method, path (with query) and, for POST, a JSON body. */
export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

/** What one request got back: the status, the size of the body and, when asked for, the body. */
export interface BenchResponse {
  status: number;
  bytes: number;
  text?: string;
}

/** Returns a keep-alive agent of at most `sockets` connections, as a client library keeps its connections. */
export function keepAliveAgent(sockets = 64): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: sockets });
}

/**
 * Sends `request` to `base` (http://host:port) through `agent` and resolves once the whole body has arrived,
 * keeping the body only when `keepBody`. Rejects on network errors; any status resolves.
 */
export function send(agent: http.Agent, base: string, request: BenchRequest, keepBody = false): Promise<BenchResponse> {
  const url = new URL(request.path, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: request.method,
        agent,
        headers: request.body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(request.body) } : {},
      },
      (res) => {
        let bytes = 0;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (keepBody) chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, text: keepBody ? Buffer.concat(chunks).toString('utf8') : undefined }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

/** Sends `request` once and throws unless it answers 200 without GraphQL errors; returns the body's size. */
export async function sendChecked(agent: http.Agent, base: string, request: BenchRequest): Promise<number> {
  const res = await send(agent, base, request, true);
  if (res.status !== 200) throw new Error(`${request.method} ${request.path} answered ${res.status}: ${res.text?.slice(0, 300)}`);
  if (request.body) {
    const json = JSON.parse(res.text!) as { errors?: unknown[] };
    if (json.errors?.length) throw new Error(`${request.path} answered errors: ${JSON.stringify(json.errors).slice(0, 300)}`);
  }
  return res.bytes;
}
