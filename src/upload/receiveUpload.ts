import { createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { formatOfFile, notASpreadsheet, SNIFF_HEAD_BYTES, type SheetFormat } from '../roster';
import type { ImportLimits } from '../roster';
import { badInput, UploadError } from './UploadError';

/** Bounds of one upload (UPLOAD_MAX_FILE_BYTES, UPLOAD_MAX_BYTES, UPLOAD_MAX_FILES), and where its private folder goes. */
export interface UploadLimits {
  maxFileBytes: number;
  maxTotalBytes: number;
  maxFiles: number;
  /** The folder in which each upload gets its private folder; the system's temp folder (`os.tmpdir()`, TMPDIR) by default. */
  tmpDir?: string;
  /** Bounds of reading each file (IMPORT_*: rows, columns, cell length, xlsx inflation); the defaults when absent. */
  importLimits?: ImportLimits;
  /** Timeout of each of the import's transactions (IMPORT_TX_TIMEOUT_MS): longer than an API query's. */
  txTimeoutMs?: number;
}

/** One uploaded file, stored in the upload's private folder. */
export interface UploadedFile {
  /** The file name the client gave (its base name, without control characters). */
  name: string;
  /** Where it is stored. */
  path: string;
  format: SheetFormat;
  bytes: number;
}

/** Bytes a multipart body may hold beyond its files (boundaries, part headers) before its Content-Length alone refuses it. */
const MULTIPART_SLACK = 64 * 1024;
/** How many times UPLOAD_MAX_BYTES of a refused body are read and discarded (so that a browser still sending sees the answer) before the connection is closed. */
export const DISCARD_FACTOR = 5;
/** Longest file name kept, in characters. */
const MAX_NAME = 200;

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) ? 1 : 0)} MiB`;

/** Returns the refusal of a body over UPLOAD_MAX_BYTES. */
function tooLarge(limits: UploadLimits): UploadError {
  const size = mib(limits.maxTotalBytes);
  return new UploadError(413, 'PAYLOAD_TOO_LARGE', `The upload is larger than ${size} in all (UPLOAD_MAX_BYTES).`, `上传的文件合计超过 ${size}（UPLOAD_MAX_BYTES），未处理。`, {
    limit: 'UPLOAD_MAX_BYTES',
    max: limits.maxTotalBytes,
  });
}

/** Returns a file name fit for reports and the audit trail: the base name, without control characters, at most 200 characters (the extension kept). */
export function cleanFileName(raw: string): string {
  const base = path.posix.basename(raw.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (base.length <= MAX_NAME) return base;
  const ext = path.extname(base).slice(0, 10);
  return base.slice(0, MAX_NAME - ext.length) + ext;
}

/**
 * Reads and discards the rest of a refused request's body, so that the client, still sending, receives the
 * answer; past `maxBytes` the connection is closed instead.
 */
export function discardBody(req: IncomingMessage, maxBytes: number): void {
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > maxBytes) req.destroy();
  });
  req.resume();
}

/**
 * Reads a multipart/form-data request with busboy and streams each file part to a new file (mode 600) in
 * `dir`, counting bytes as they arrive: never more than `maxFileBytes` per file or `maxTotalBytes` in all are
 * written, and the first bytes of each file must look like its format (see notASpreadsheet). Resolves with
 * the files, in the order sent. Rejects with an {@link UploadError}: 400 (not multipart, malformed, a form
 * field, no name, two files of one name, aborted), 413 (a limit; a Content-Length over the total is refused
 * before reading), 415 (an extension other than .csv/.txt/.xlsx/.xlsm, content that is no spreadsheet).
 * After a refusal the rest of the body is read and discarded, up to the total limit (so that the client
 * receives the answer), then the connection is closed.
 */
export function receiveUpload(req: IncomingMessage, dir: string, limits: UploadLimits): Promise<UploadedFile[]> {
  return new Promise((resolve, reject) => {
    const files: UploadedFile[] = [];
    const writes: Promise<void>[] = [];
    let total = 0;
    let failure: UploadError | null = null;
    let bb: busboy.Busboy | undefined;

    // After a refusal busboy goes on to the end of the body: later files are drained, the file being
    // received is dropped by its counter, and the answer waits until the stored parts are closed.
    const settle = () => void Promise.allSettled(writes).then(() => (failure ? reject(failure) : resolve(files)));
    const fail = (err: UploadError) => {
      if (failure) return;
      failure = err;
      if (!bb) {
        discardBody(req, DISCARD_FACTOR * limits.maxTotalBytes);
        reject(err);
        return;
      }
      let discarded = 0;
      req.on('data', (chunk: Buffer) => {
        discarded += chunk.length;
        if (discarded > DISCARD_FACTOR * limits.maxTotalBytes) req.destroy();
      });
    };

    const type = req.headers['content-type'] ?? '';
    if (!/^multipart\/form-data\s*;/i.test(type)) {
      fail(new UploadError(400, 'BAD_REQUEST', 'Send the files as multipart/form-data.', '请以 multipart/form-data 格式上传文件。', { field: 'content-type' }));
      return;
    }
    const length = Number(req.headers['content-length']);
    if (Number.isFinite(length) && length > limits.maxTotalBytes + MULTIPART_SLACK) {
      fail(tooLarge(limits));
      return;
    }
    try {
      bb = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 20, fieldSize: 1024, parts: limits.maxFiles + 20, headerPairs: 20 },
      });
    } catch (err) {
      fail(new UploadError(400, 'BAD_REQUEST', `The multipart body cannot be read: ${(err as Error).message}.`, `无法解析上传的内容（multipart）：${(err as Error).message}`));
      return;
    }

    bb.on('file', (_field, stream, info) => {
      if (failure) return void stream.resume();
      const name = cleanFileName(info.filename ?? '');
      const format = formatOfFile(name);
      if (!name) {
        stream.resume();
        return fail(badInput('files', 'A file part has no file name.', '有一个文件没有文件名。'));
      }
      if (!format) {
        stream.resume();
        return fail(
          new UploadError(415, 'UNSUPPORTED_MEDIA_TYPE', `${name}: unsupported file type (only .csv and .xlsx).`, `${name}：不支持的文件类型（只支持 .csv 和 .xlsx）。`, { file: name }),
        );
      }
      if (files.some((f) => f.name === name)) {
        stream.resume();
        return fail(badInput('files', `Two files are named ${name}; rename one.`, `有两个文件都叫 ${name}，请改名后再上传。`));
      }
      const file: UploadedFile = { name, path: path.join(dir, `${files.length + 1}${path.extname(name).toLowerCase()}`), format, bytes: 0 };
      files.push(file);
      stream.on('limit', () => {
        const size = mib(limits.maxFileBytes);
        fail(
          new UploadError(413, 'PAYLOAD_TOO_LARGE', `${name} is larger than ${size} (UPLOAD_MAX_FILE_BYTES).`, `${name} 超过 ${size}（UPLOAD_MAX_FILE_BYTES），未处理。`, {
            limit: 'UPLOAD_MAX_FILE_BYTES',
            max: limits.maxFileBytes,
            file: name,
          }),
        );
      });
      let head: Buffer | null = Buffer.alloc(0);
      const sniff = () => {
        const why = head && notASpreadsheet(head, format);
        head = null;
        if (why) fail(new UploadError(415, 'UNSUPPORTED_MEDIA_TYPE', `${name}: ${why.en}.`, `${name}：${why.zh}。`, { file: name }));
      };
      // Counts and checks the bytes; after any refusal it drops them (the part is still read to its end).
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          file.bytes += chunk.length;
          total += chunk.length;
          if (total > limits.maxTotalBytes) fail(tooLarge(limits));
          if (head && !failure) {
            head = Buffer.concat([head, chunk.subarray(0, SNIFF_HEAD_BYTES - head.length)]);
            if (head.length >= SNIFF_HEAD_BYTES) sniff();
          }
          done(null, failure ? undefined : chunk);
        },
        flush(done) {
          if (head && !failure) sniff();
          done();
        },
      });
      const written = pipeline(stream, counter, createWriteStream(file.path, { flags: 'wx', mode: 0o600 })).catch((err: unknown) => {
        fail(new UploadError(500, 'INTERNAL_SERVER_ERROR', `${name} could not be stored: ${(err as Error).message}.`, `${name} 未能保存：${(err as Error).message}`));
      });
      writes.push(written);
    });
    bb.on('field', (field) => fail(badInput(field, `Unexpected form field '${field}': give options in the query string (dryRun, what, encoding, report, lang).`, `多余的表单字段「${field}」：选项请放在网址的查询参数中（dryRun、what、encoding、report、lang）。`)));
    bb.on('filesLimit', () =>
      fail(new UploadError(413, 'PAYLOAD_TOO_LARGE', `At most ${limits.maxFiles} files at once (UPLOAD_MAX_FILES).`, `一次最多上传 ${limits.maxFiles} 个文件（UPLOAD_MAX_FILES）。`, { limit: 'UPLOAD_MAX_FILES', max: limits.maxFiles })),
    );
    bb.on('partsLimit', () => fail(new UploadError(413, 'PAYLOAD_TOO_LARGE', 'Too many parts in the multipart body.', '上传内容的部分过多。', { limit: 'UPLOAD_MAX_FILES', max: limits.maxFiles })));
    bb.on('error', (err: Error) => {
      fail(new UploadError(400, 'BAD_REQUEST', `The multipart body is malformed: ${err.message}.`, `上传的内容（multipart）格式错误：${err.message}`));
      settle();
    });
    bb.on('close', settle);
    req.on('close', () => {
      // Aborted: parts being received never end; answer at once (the caller removes the folder).
      if (req.complete) return;
      fail(new UploadError(400, 'BAD_REQUEST', 'The upload was aborted.', '上传被中断。'));
      reject(failure);
    });
    req.pipe(bb);
  });
}
