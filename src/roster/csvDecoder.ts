import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { reason, type Reason } from './problems';

/** A decoder of a CSV file's bytes into text that refuses, with the line, bytes that are not of its encoding. */
export interface CsvDecoder {
  /** Returns the text of the next bytes; throws a {@link CsvDecodeError} when they break the encoding. */
  write(bytes: Buffer): string;
  /** Returns the text left at the end; throws a {@link CsvDecodeError} when the file ends inside a character. */
  end(): string;
}

/** Bytes that do not decode in the file's encoding, or a part of the file in another encoding: where (line of the file, from 1) and why. */
export class CsvDecodeError extends Error {
  constructor(
    readonly line: number,
    readonly reason: Reason,
  ) {
    super(reason.en);
    this.name = 'CsvDecodeError';
  }
}

const SAVE_AS = { zh: '请把整个文件另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后重新导入', en: 'save the whole file as "CSV UTF-8 (Comma delimited)" or .xlsx and import it again' };

/** Counts the LF in `text` before `end`. */
function linesIn(text: string, end = text.length): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n += 1;
  return n;
}

/**
 * Returns a strict UTF-8 decoder (WHATWG TextDecoder with `fatal`, in streaming mode): the first byte
 * sequence that is not UTF-8, anywhere in the file, stops it with the line where it is.
 */
function utf8Decoder(): CsvDecoder {
  const strict = new TextDecoder('utf-8', { fatal: true });
  let lines = 0;
  let tail = Buffer.alloc(0);
  const broken = (line: number) =>
    new CsvDecodeError(
      line,
      reason(
        `文件第 ${line} 行起不是有效的 UTF-8（之前的内容按 UTF-8 读取）：文件可能混用了 UTF-8 和 GBK 两种编码；${SAVE_AS.zh}`,
        `line ${line} of the file is not valid UTF-8 (the file before it was read as UTF-8): it may mix UTF-8 and GBK; ${SAVE_AS.en}`,
      ),
    );
  return {
    write(bytes) {
      let text: string;
      try {
        text = strict.decode(bytes, { stream: true });
      } catch {
        // Find the line: decode the same bytes leniently, after the end of the chunk before (a character may straddle the two).
        const lenient = new TextDecoder('utf-8');
        lenient.decode(tail, { stream: true });
        const again = lenient.decode(bytes, { stream: true });
        const at = again.indexOf('\uFFFD');
        throw broken(lines + linesIn(again, at === -1 ? again.length : at) + 1);
      }
      lines += linesIn(text);
      tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 3)));
      return text;
    },
    end() {
      try {
        return strict.decode();
      } catch {
        throw broken(lines + 1);
      }
    },
  };
}

/** A CJK ideograph: what a line of a Chinese roster in UTF-8 holds, and what GBK bytes read as UTF-8 (Cyrillic, Greek, …) almost never do. */
const IDEOGRAPH = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * Returns a GB18030 decoder (iconv-lite) that refuses bytes it cannot decode (it would give U+FFFD) and
 * a line that is UTF-8 with Chinese in it (GB18030 would read it as other characters, without an error):
 * the line is cut at LF, which never occurs inside a GB18030 character.
 */
function gb18030Decoder(): CsvDecoder {
  const decoder = iconv.getDecoder('gb18030');
  let lines = 0;
  let partial = Buffer.alloc(0);
  const checkLines = (bytes: Buffer, last: boolean) => {
    const all = partial.length ? Buffer.concat([partial, bytes]) : bytes;
    let start = 0;
    let line = lines;
    for (;;) {
      const lf = all.indexOf(0x0a, start);
      if (lf === -1 && !last) break;
      const end = lf === -1 ? all.length : lf;
      const bytesOfLine = all.subarray(start, end);
      line += 1;
      if (isUtf8(bytesOfLine) && IDEOGRAPH.test(bytesOfLine.toString('utf8'))) {
        throw new CsvDecodeError(
          line,
          reason(
            `文件第 ${line} 行是 UTF-8 编码，而之前的内容按 GB18030（GBK）读取：文件混用了两种编码；${SAVE_AS.zh}`,
            `line ${line} of the file is UTF-8 while the file before it was read as GB18030 (GBK): it mixes two encodings; ${SAVE_AS.en}`,
          ),
        );
      }
      if (lf === -1) break;
      start = lf + 1;
    }
    partial = Buffer.from(all.subarray(start));
  };
  const checked = (text: string): string => {
    const at = text.indexOf('\uFFFD');
    if (at !== -1) {
      const line = lines + linesIn(text, at) + 1;
      throw new CsvDecodeError(
        line,
        reason(
          `文件第 ${line} 行有不是 GB18030（GBK）编码的字节：文件可能混用了两种编码，或不是文本文件；${SAVE_AS.zh}`,
          `line ${line} of the file holds bytes that are not GB18030 (GBK): the file may mix two encodings, or not be text; ${SAVE_AS.en}`,
        ),
      );
    }
    lines += linesIn(text);
    return text;
  };
  return {
    write(bytes) {
      checkLines(bytes, false);
      return checked(decoder.write(bytes));
    },
    end() {
      checkLines(Buffer.alloc(0), true);
      return checked(decoder.end() ?? '');
    },
  };
}

/** Returns the strict decoder of `encoding` for a CSV file. */
export function csvDecoder(encoding: 'utf8' | 'gb18030'): CsvDecoder {
  return encoding === 'utf8' ? utf8Decoder() : gb18030Decoder();
}
