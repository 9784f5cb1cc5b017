// The region picker of 概览 and 缺口: a cascade of selects, province → prefecture → county → township, each
// filled from `regions(parent:)` once the one above is chosen (a level left at 全部 asks about the region
// above), and a search box that finds a division by name, short name or pinyin (`search` limited to division
// kinds) and sets the cascade to it. The chain follows the tree as stored, so where the divisions skip a level
// (东莞市's townships sit directly under the city) the next select lists what lies there, labelled by its level.
// Villages are not offered: the picker stops at township level.
import {
  ExplorerRegionPathDocument,
  ExplorerRegionSearchDocument,
  ExplorerRegionsDocument,
  type ExplorerRegionPathQuery,
  type ExplorerRegionSearchQuery,
  type ExplorerRegionsQuery,
  type RegionLevel,
  type UnitKind,
} from '../generated/operations';
import { describe, failureNow, request } from './api';
import { el } from './dom';
import { UNIT_KIND, getLang, t, type Key } from './i18n';

/** 卓资县, the region both views show until another is chosen. */
export const DEFAULT_REGION = '150921000000';
/** The division kinds the search box looks for (province down to township). */
const KINDS: UnitKind[] = ['PROVINCE', 'CITY', 'DISTRICT', 'COUNTY', 'STREET', 'AREA', 'TOWN', 'TOWNSHIP'];
/** The deepest level a select offers. */
const PICKABLE: RegionLevel[] = ['PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP'];
const SEARCH_DELAY_MS = 300;

type Option = ExplorerRegionsQuery['regions'][number];
type Hit = ExplorerRegionSearchQuery['search'][number];

/** A chosen region: its 12-digit code, name and level. */
export interface PickedRegion {
  code: string;
  name: string;
  level: RegionLevel;
}

/** What a view holds of its picker. */
export interface RegionPicker {
  /** The picker's element (kept across the view's renders, so the selects keep their state). */
  readonly element: HTMLElement;
  /** Returns the region chosen now (the deepest level not left at 全部). */
  value(): PickedRegion;
  /** Sets the cascade to `code` and its ancestors, without telling the view; resolves when the selects are filled (an unknown code is said in the picker). */
  set(code: string): Promise<void>;
  /** Draws the picker again in the page's language. */
  texts(): void;
}

/** The levels' labels: 省级, 地级, 县级, 乡级. */
const LEVEL_KEY: Record<RegionLevel, Key> = { PROVINCE: 'levelProvince', CITY: 'levelCity', COUNTY: 'levelCounty', TOWNSHIP: 'levelTownship', VILLAGE: 'levelVillage' };

/** Returns the label of a level in the page's language. */
export const levelLabel = (level: RegionLevel): string => t(LEVEL_KEY[level]);

/** Lists of children per parent code ('' for the provinces), each asked once per page. */
const childrenCache = new Map<string, Promise<Option[]>>();

function childrenOf(parent: string): Promise<Option[]> {
  let found = childrenCache.get(parent);
  if (!found) {
    found = request(ExplorerRegionsDocument, { parent: parent || null }).then((d) => d.regions.filter((r) => PICKABLE.includes(r.level)));
    found.catch(() => childrenCache.delete(parent));
    childrenCache.set(parent, found);
  }
  return found;
}

/**
 * Returns a region picker whose elements carry `data-testid`s starting with `prefix` (`gaps-region-…`).
 * `onChange` is called with the region whenever the user chooses one (a select, or a search hit); never throws.
 */
export function regionPicker(prefix: string, onChange: (region: PickedRegion) => void): RegionPicker {
  /** The chosen division at each step of the cascade, top down; the options of each step. */
  let path: PickedRegion[] = [];
  let steps: Option[][] = [];
  let error = '';
  let hits: Hit[] | null = null;
  let searchTimer = 0;
  let searchSeq = 0;
  let setSeq = 0;
  const cascade = el('div', { class: 'region-cascade', 'data-testid': `${prefix}-region`, 'data-state': '' });
  const input = el('input', { type: 'search', id: `${prefix}-region-search`, 'data-testid': `${prefix}-region-search`, autocomplete: 'off' });
  const results = el('ul', { class: 'region-hits', 'data-testid': `${prefix}-region-hits` });
  const searchLabel = el('label', { for: `${prefix}-region-search` });
  const form = el('form', { class: 'region-search', role: 'search' }, searchLabel, input, results);
  const element = el('div', { class: 'region-picker filters' }, cascade, form);

  const value = (): PickedRegion => path.at(-1) ?? { code: DEFAULT_REGION, name: '', level: 'COUNTY' };

  /** Fills the steps for `path`: the provinces, then the children of every chosen division that has pickable ones. */
  async function fill(chosen: PickedRegion[]): Promise<Option[][]> {
    const lists = [await childrenOf('')];
    for (const r of chosen) {
      if (r.level === 'VILLAGE') break;
      const below = await childrenOf(r.code);
      if (!below.length) break;
      lists.push(below);
    }
    return lists;
  }

  async function choose(chosen: PickedRegion[], tell: boolean): Promise<void> {
    const mine = ++setSeq;
    cascade.dataset.state = 'loading';
    try {
      const lists = await fill(chosen);
      if (mine !== setSeq) return;
      path = chosen;
      steps = lists;
      error = '';
    } catch (err) {
      if (mine !== setSeq) return;
      error = describe(failureNow(err));
    }
    cascade.dataset.state = error ? 'error' : 'ready';
    render();
    if (tell && !error && path.length) onChange(value());
  }

  function render(): void {
    searchLabel.textContent = t('regionSearch');
    input.placeholder = t('regionSearchPlaceholder');
    cascade.dataset.region = path.at(-1)?.code ?? '';
    const selects = steps.map((options, i) => {
      const level = options[0]?.level ?? 'PROVINCE';
      const id = `${prefix}-region-${level.toLowerCase()}`;
      const select = el('select', { id, 'data-testid': id, 'data-step': String(i) });
      // The provinces have no 全部: a question needs a region.
      if (i > 0) select.append(el('option', { value: '' }, t('regionAll', { region: path[i - 1]?.name ?? '' })));
      for (const o of options) select.append(el('option', { value: o.code }, o.current ? o.name : t('regionFormer', { name: o.name })));
      select.value = path[i]?.code ?? '';
      select.addEventListener('change', () => {
        const picked = options.find((o) => o.code === select.value);
        const above = path.slice(0, i);
        void choose(picked ? [...above, { code: picked.code, name: picked.name, level: picked.level }] : above, true);
      });
      return el('span', { class: 'region-step' }, el('label', { for: id }, levelLabel(level)), select);
    });
    cascade.replaceChildren(...selects, error ? el('span', { class: 'error', 'data-testid': `${prefix}-region-error` }, error) : '');
    renderHits();
  }

  function renderHits(): void {
    results.replaceChildren();
    if (hits === null) return;
    if (!hits.length) results.append(el('li', { class: 'muted' }, t('regionNoHits')));
    const lang = getLang();
    for (const h of hits) {
      const button = el('button', { type: 'button', class: 'hit', 'data-testid': `${prefix}-region-hit-${h.unit.id}` }, h.unit.name, ' ', el('small', { class: 'muted' }, [UNIT_KIND[h.unit.kind][lang], h.unit.region?.name].filter(Boolean).join(' · ')));
      button.addEventListener('click', () => {
        hits = null;
        input.value = '';
        renderHits();
        void pickCode(h.unit.id, true);
      });
      results.append(el('li', {}, button));
    }
  }

  async function pickCode(code: string, tell: boolean): Promise<void> {
    let r: ExplorerRegionPathQuery['region'];
    try {
      r = (await request(ExplorerRegionPathDocument, { code })).region;
      error = r ? '' : t('regionUnknown', { code });
    } catch (err) {
      r = null;
      error = describe(failureNow(err));
    }
    if (!r) {
      cascade.dataset.state = 'error';
      render();
      return;
    }
    const chain = [...r.ancestors].reverse().concat([{ code: r.code, name: r.name, level: r.level }]);
    await choose(chain.map((a) => ({ code: a.code, name: a.name, level: a.level })), tell);
  }

  async function search(): Promise<void> {
    const text = input.value.trim();
    const mine = ++searchSeq;
    if (!text) {
      hits = null;
      renderHits();
      return;
    }
    try {
      const data = await request(ExplorerRegionSearchDocument, { text, kind: KINDS });
      if (mine === searchSeq) hits = data.search;
    } catch (err) {
      if (mine === searchSeq) hits = [];
      error = describe(failureNow(err));
    }
    results.dataset.text = text;
    renderHits();
  }

  input.addEventListener('input', () => {
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(() => void search(), SEARCH_DELAY_MS);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    window.clearTimeout(searchTimer);
    void search();
  });

  return {
    element,
    value,
    set: (code) => (code === path.at(-1)?.code ? Promise.resolve() : pickCode(code, false)),
    texts: render,
  };
}

/** The region last chosen in either view (or given by the address), so that 概览 and 缺口 show the same one. */
let shared = DEFAULT_REGION;

/** Returns the region last chosen in either view (卓资县 until one is). */
export const sharedRegion = (): string => shared;

/** Remembers `code` as the region last chosen; returns nothing. */
export function shareRegion(code: string): void {
  shared = code;
}

/** Returns a 2-, 4-, 6-, 9- or 12-digit code padded to 12 digits (the address may carry a short one), else the text as given. */
export function fullRegionCode(code: string): string {
  return /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/.test(code) ? code.padEnd(12, '0') : code;
}
