import { pinyin } from 'pinyin-pro';

/** The pinyin forms of a name that search matches against. */
export interface PinyinForms {
  /** Full pinyin, lowercase, no tones or spaces: `guaijiaopucunweihui`. */
  pinyin: string;
  /** Initials: `gjpcwh`. */
  initials: string;
}

/** What every unit stores for search: its pinyin forms and `names`, the one property the search index holds. */
export interface SearchFields extends PinyinForms {
  /**
   * Every form search matches, joined by `|`: the name, the other names (a division's short name), then the
   * pinyin and the initials (`拐角铺村民委员会|拐角铺村|guaijiaopucun|gjpc`); an older list's former names and
   * their pinyin are appended later (src/region/divisionQueries.ts).
   */
  names: string;
}

/** The character that separates the forms in `names`; search text never matches across it (see SearchRepository). */
export const NAMES_SEPARATOR = '|';

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
    initials: syllables.map((s) => (/^[0-9]+$/.test(s) ? s : s[0])).join(''),
  };
}

/** Returns `names` for a unit: `name`, its `others`, then the pinyin forms, joined by {@link NAMES_SEPARATOR}. Never throws. */
export function namesOf(name: string, others: readonly string[], forms: PinyinForms): string {
  return [name, ...others, forms.pinyin, forms.initials].join(NAMES_SEPARATOR);
}

/**
 * Returns the search fields of a unit named `name` with `others` (short or former names and their pinyin),
 * its pinyin taken from `pinyinSource` (a division's short name: 拐角铺村 rather than 拐角铺村民委员会). Never throws.
 */
export function searchFieldsOf(name: string, others: readonly string[] = [], pinyinSource: string = name): SearchFields {
  const forms = pinyinOf(pinyinSource);
  return { ...forms, names: namesOf(name, others, forms) };
}

/** Returns `text` normalized for pinyin matching: lowercase ASCII letters and digits only. */
export function normalizeLatin(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}
