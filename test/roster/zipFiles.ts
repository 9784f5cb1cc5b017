import { once } from 'node:events';
import { closeSync, createWriteStream, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import zlib from 'node:zlib';

/** One entry of a hand-made zip: its data (a buffer, or chunks made as they are written), stored or deflated. */
export interface ZipEntrySpec {
  name: string;
  data: Buffer | string | (() => Iterable<Buffer>);
  /** 8 (deflate, the default) or 0 (stored). */
  method?: 0 | 8;
  /** A lie: the uncompressed size written in the headers instead of the real one. */
  declaredSize?: number;
}

const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

/**
 * Writes a zip file (PKWARE APPNOTE, no zip64) of `entries`, streamed: each entry's data is deflated as
 * its chunks come (a 2 GiB entry of repeated rows never sits in memory), its CRC-32 and sizes go in a
 * data descriptor and in the central directory, so hostile files can be built in the test itself.
 */
export async function writeZip(file: string, entries: readonly ZipEntrySpec[]): Promise<void> {
  const out = createWriteStream(file);
  let offset = 0;
  const write = async (b: Buffer) => {
    offset += b.length;
    if (!out.write(b)) await once(out, 'drain');
  };
  const central: Buffer[] = [];
  for (const e of entries) {
    const method = e.method ?? 8;
    const name = Buffer.from(e.name, 'utf8');
    const start = offset;
    // Local header: flag 0x0808 (data descriptor follows, UTF-8 names), sizes in the descriptor.
    await write(Buffer.concat([u32(0x04034b50), u16(20), u16(0x0808), u16(method), u16(0), u16(0x21), u32(0), u32(0), u32(0), u16(name.length), u16(0), name]));
    let crc = 0;
    let size = 0;
    let compressed = 0;
    const chunks = typeof e.data === 'function' ? e.data() : [Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, 'utf8')];
    if (method === 0) {
      for (const c of chunks) {
        crc = zlib.crc32(c, crc);
        size += c.length;
        compressed += c.length;
        await write(c);
      }
    } else {
      const deflate = zlib.createDeflateRaw({ level: 9 });
      const pending: Promise<void>[] = [];
      deflate.on('data', (c: Buffer) => {
        compressed += c.length;
        offset += c.length;
        if (!out.write(c)) {
          deflate.pause();
          pending.push(once(out, 'drain').then(() => void deflate.resume()));
        }
      });
      const ended = once(deflate, 'end');
      for (const c of chunks) {
        crc = zlib.crc32(c, crc);
        size += c.length;
        if (!deflate.write(c)) await once(deflate, 'drain');
      }
      deflate.end();
      await ended;
      await Promise.all(pending);
    }
    const declared = e.declaredSize ?? size;
    await write(Buffer.concat([u32(0x08074b50), u32(crc), u32(compressed), u32(declared)]));
    central.push(
      Buffer.concat([
        u32(0x02014b50), u16(20), u16(20), u16(0x0808), u16(method), u16(0), u16(0x21), u32(crc), u32(compressed), u32(declared),
        u16(name.length), u16(0), u16(0), u16(0), u16(0), u32(0), u32(start), name,
      ]),
    );
  }
  const cdStart = offset;
  for (const c of central) await write(c);
  const cdSize = offset - cdStart;
  await write(Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(central.length), u16(central.length), u32(cdSize), u32(cdStart), u16(0)]));
  out.end();
  await once(out, 'finish');
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts of a minimal workbook: the first sheet's XML and, optionally, shared strings, styles and a second sheet. */
export interface WorkbookSpec {
  sheet: ZipEntrySpec['data'];
  sheetName?: string;
  sharedStrings?: ZipEntrySpec['data'];
  styles?: string;
  date1904?: boolean;
  /** Overrides of the parts' entries (method, declared size) by part: `sheet` or `sharedStrings`. */
  lie?: Partial<Record<'sheet' | 'sharedStrings', Pick<ZipEntrySpec, 'declaredSize' | 'method'>>>;
}

/** Returns the XML of a worksheet whose `<sheetData>` holds `rows` (XML text of the rows). */
export function sheetXml(rows: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>${rows}</sheetData></worksheet>`;
}

/** Writes a minimal .xlsx package (content types, relationships, workbook, one or two sheets) by hand. */
export async function writeWorkbook(file: string, spec: WorkbookSpec): Promise<string> {
  const parts: ZipEntrySpec[] = [
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    },
    { name: '_rels/.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}">${spec.date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets><sheet name="${spec.sheetName ?? '名册'}" sheetId="1" r:id="rId1"/><sheet name="说明" sheetId="2" r:id="rId2"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="${REL}/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId1" Type="${REL}/worksheet" Target="/xl/worksheets/sheet1.xml"/>${spec.sharedStrings ? `<Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : ''}${spec.styles ? `<Relationship Id="rId4" Type="${REL}/styles" Target="styles.xml"/>` : ''}</Relationships>`,
    },
  ];
  if (spec.sharedStrings) parts.push({ name: 'xl/sharedStrings.xml', data: spec.sharedStrings, ...spec.lie?.sharedStrings });
  if (spec.styles) parts.push({ name: 'xl/styles.xml', data: spec.styles });
  // The second sheet comes first in the zip: the reader must follow the workbook's order, not the zip's.
  parts.push({ name: 'xl/worksheets/sheet2.xml', data: sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>说明</t></is></c></row>') });
  parts.push({ name: 'xl/worksheets/sheet1.xml', data: spec.sheet, ...spec.lie?.sheet });
  await writeZip(file, parts);
  return file;
}

/** Returns chunks of `count` repetitions of `make(i)` joined, `perChunk` at a time, between `head` and `tail`: a large part made as it is written. */
export function repeated(head: string, make: (i: number) => string, count: number, tail: string, perChunk = 4096): () => Iterable<Buffer> {
  return function* () {
    yield Buffer.from(head, 'utf8');
    for (let i = 0; i < count; i += perChunk) {
      let s = '';
      for (let j = i; j < Math.min(count, i + perChunk); j++) s += make(j);
      yield Buffer.from(s, 'utf8');
    }
    yield Buffer.from(tail, 'utf8');
  };
}

/** Returns chunks of `unit` repeated `count` times between `head` and `tail`, the same block of about 1 MiB yielded again and again (fast for GiBs). */
export function repeatedBytes(head: string, unit: string, count: number, tail: string): () => Iterable<Buffer> {
  return function* () {
    yield Buffer.from(head, 'utf8');
    const one = Buffer.from(unit, 'utf8');
    const perBlock = Math.max(1, Math.floor((1024 * 1024) / one.length));
    const block = Buffer.concat(Array.from({ length: perBlock }, () => one));
    let left = count;
    for (; left >= perBlock; left -= perBlock) yield block;
    if (left > 0) yield block.subarray(0, left * one.length);
    yield Buffer.from(tail, 'utf8');
  };
}

/** Rewrites, in the central directory of the zip `file`, the uncompressed size that entry `name` declares (a forged file). */
export function patchDeclaredSize(file: string, name: string, size: number): void {
  const fd = openSync(file, 'r+');
  try {
    const length = fstatSync(fd).size;
    const tail = Buffer.alloc(Math.min(length, 65_557));
    readSync(fd, tail, 0, tail.length, length - tail.length);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdStart = tail.readUInt32LE(eocd + 16);
    const cd = Buffer.alloc(cdSize);
    readSync(fd, cd, 0, cdSize, cdStart);
    for (let at = 0; at < cdSize; ) {
      const nameLength = cd.readUInt16LE(at + 28);
      const skip = 46 + nameLength + cd.readUInt16LE(at + 30) + cd.readUInt16LE(at + 32);
      if (cd.toString('utf8', at + 46, at + 46 + nameLength) === name) {
        const b = Buffer.alloc(4);
        b.writeUInt32LE(size >>> 0);
        writeSync(fd, b, 0, 4, cdStart + at + 24);
        return;
      }
      at += skip;
    }
    throw new Error(`no entry ${name} in ${file}`);
  } finally {
    closeSync(fd);
  }
}
