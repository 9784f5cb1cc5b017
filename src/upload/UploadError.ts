import type { Response } from 'express';

/** The JSON body of a refused upload or download: `{"error": {code, message, messageZh, …details}}`. */
export interface UploadErrorBody {
  error: { code: string; message: string; messageZh: string; [detail: string]: unknown };
}

/** A refusal of an upload or download that the client can act on: an HTTP status, a code, a message in English and Chinese and details (field, file, limit). */
export class UploadError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageZh: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'UploadError';
  }

  /** Returns the JSON body of this refusal. */
  body(): UploadErrorBody {
    return { error: { code: this.code, message: this.message, messageZh: this.messageZh, ...this.details } };
  }

  /** Sends this refusal as the response (with `WWW-Authenticate: Bearer` for 401), unless a response was already started. */
  send(res: Response): void {
    if (res.headersSent) return;
    if (this.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(this.status).json(this.body());
  }
}

/** Returns a 400 BAD_USER_INPUT refusal naming the query parameter or form field `field`. */
export function badInput(field: string, message: string, messageZh: string): UploadError {
  return new UploadError(400, 'BAD_USER_INPUT', message, messageZh, { field });
}
