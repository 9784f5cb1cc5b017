import type { Driver } from 'neo4j-driver';
import { cypher } from './testDatabase';

/** One file to upload: its name and bytes. */
export interface UploadFile {
  name: string;
  bytes: Buffer | string;
}

/** The answer of an upload: status, headers and the body as JSON (null when it is not JSON) and as text. */
export interface UploadAnswer {
  status: number;
  headers: Headers;
  // eslint-style rules are not used here: the body is whatever the server sent.
  json: any;
  text: string;
}

/** The headers a workbench page sends with an upload: the CSRF header and, when given, the bearer token. */
export function uploadHeaders(token?: string): Record<string, string> {
  return { 'x-pairing-graph-csrf': '1', ...(token ? { authorization: `Bearer ${token}` } : {}) };
}

/** POSTs `files` as multipart/form-data (the way a browser's FormData does) to `/rosters/import?<query>`. */
export async function upload(base: string, files: readonly UploadFile[], query: Record<string, string>, headers: Record<string, string>): Promise<UploadAnswer> {
  const form = new FormData();
  for (const f of files) form.append('file', new Blob([typeof f.bytes === 'string' ? Buffer.from(f.bytes, 'utf8') : f.bytes]), f.name);
  const res = await fetch(`${base}/rosters/import?${new URLSearchParams(query)}`, { method: 'POST', headers, body: form });
  return answerOf(res);
}

/** Reads a fetch response as an {@link UploadAnswer}. */
export async function answerOf(res: Response): Promise<UploadAnswer> {
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** Removes what the tests imported: nodes whose id starts with `prefix`, and the imports' Sources titled `prefix…` with their audit entries. */
export async function removeImported(driver: Driver, prefix: string): Promise<void> {
  await cypher(driver, 'MATCH (n:Node) WHERE n.id STARTS WITH $p OR n.replacedPlaceholder STARTS WITH $p DETACH DELETE n', { p: prefix });
  await cypher(driver, "MATCH (s:Source {kind: 'IMPORT'}) WHERE s.title STARTS WITH $p OPTIONAL MATCH (c:Change {source: s.id}) DETACH DELETE c, s", { p: prefix });
}
