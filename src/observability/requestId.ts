import { randomUUID } from 'node:crypto';

/** A client's `x-request-id` is reused when it is a sane token: 1 to 128 letters, digits and `._:-`, not starting with a symbol. */
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Returns the request id to use: the client's `x-request-id` when it is a sane token, else a new UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given !== undefined && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}
