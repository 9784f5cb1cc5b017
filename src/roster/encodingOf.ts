import { ENCODINGS, type Encoding } from './readSheet';

/**
 * Returns the CSV encoding named by `text` (`utf8`, `utf-8`, `gb18030`, `gbk`, `gb2312`; case and spaces
 * ignored; GBK and GB2312 are read as their superset GB18030), or null when it names none: the caller
 * reports the value and the choices ({@link ENCODINGS}).
 */
export function encodingOf(text: string): Encoding | null {
  const e = text.trim().toLowerCase().replace(/^utf-8$/, 'utf8').replace(/^(gbk|gb2312)$/, 'gb18030');
  return (ENCODINGS as readonly string[]).includes(e) ? (e as Encoding) : null;
}
