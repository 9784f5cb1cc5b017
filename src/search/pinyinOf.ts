import { pinyin } from 'pinyin-pro';

/** The pinyin forms of a name that search matches against. */
export interface PinyinForms {
  /** Full pinyin, lowercase, no tones or spaces: `guaijiaopucunweihui`. */
  pinyin: string;
  /** Full pinyin as words for the full-text index: `guai jiao pu cun wei hui`. */
  pinyinWords: string;
  /** Initials: `gjpcwh`. */
  initials: string;
}

/**
 * Returns the pinyin forms of `name` (Han characters become pinyin; Latin letters and digits are kept,
 * lowercased; other characters are dropped). Never throws.
 */
export function pinyinOf(name: string): PinyinForms {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })
    .map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter((s) => s.length > 0);
  return {
    pinyin: syllables.join(''),
    pinyinWords: syllables.join(' '),
    initials: syllables.map((s) => (/^[0-9]+$/.test(s) ? s : s[0])).join(''),
  };
}

/** Returns `text` normalized for pinyin matching: lowercase ASCII letters and digits only. */
export function normalizeLatin(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}
