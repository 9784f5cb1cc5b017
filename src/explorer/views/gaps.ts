// 缺口 (gaps): beside the dormant pairings of the region (dormantList.ts), the villages without a pairing (demonstration villages by default) in the region chosen in the
// picker (any level, 卓资县 by default; with the county of each village above county level), filtered by the kind
// of partner they lack; for each, the suggested partners with their reasons; with a planner or
// admin token, a 结对 button that creates the pairing (pairUnits) after a confirmation and lists the gaps again.
import {
  ExplorerGapsDocument,
  ExplorerPairDocument,
  ExplorerSuggestionsDocument,
  type ExplorerGapsQuery,
  type RegionLevel,
  type ExplorerSuggestionsQuery,
  type UnitKind,
} from '../../generated/operations';
import { describe, failureNow, request } from '../api';
import { confirmDialog } from '../dialog';
import { $, el, todayInChina } from '../dom';
import { PAIRING_KIND, REASON, UNIT_KIND, getLang, t } from '../i18n';
import { DEFAULT_REGION, fullRegionCode, regionPicker, sharedRegion, shareRegion, type PickedRegion } from '../regionPicker';
import { readToken, roleOf, type Failure } from '../token';
import { DormantList } from './dormantList';

/** The kinds of supporting unit a village can lack (万企兴万村: enterprises). */
const LACKING: UnitKind[] = ['VILLAGE_OR_COMMUNITY', 'ENTERPRISE', 'SOCIAL_ORGANIZATION'];
/** Up to this many villages show their suggestions at once; more show them on request. */
const OPEN_AT_ONCE = 6;

type Village = ExplorerGapsQuery['unpairedVillages'][number];
type Suggestion = ExplorerSuggestionsQuery['suggestPartners'][number];

const state = {
  region: DEFAULT_REGION,
  /** The level of the region the list is for (the county column shows above county level). */
  level: 'COUNTY' as RegionLevel,
  lacking: '' as UnitKind | '',
  all: false,
  villages: null as Village[] | null,
  error: null as Failure | null,
  loading: false,
  /** Suggestions per village id: the list, the failure, or 'loading'. */
  suggestions: new Map<string, Suggestion[] | Failure | 'loading'>(),
  open: new Set<string>(),
  notice: null as { text: string; error: boolean } | null,
};

let started = false;
let seq = 0;
const dormant = new DormantList(() => render());

const canPair = () => ['planner', 'admin'].includes(roleOf(readToken()) ?? '');

function writeHash(): void {
  if (document.body.dataset.view !== 'gaps') return;
  const params = new URLSearchParams();
  if (state.region !== DEFAULT_REGION) params.set('region', state.region);
  if (state.lacking) params.set('lacking', state.lacking);
  if (state.all) params.set('all', '1');
  const query = params.toString();
  history.replaceState(null, '', `#gaps${query ? `?${query}` : ''}`);
}

function filters(): HTMLElement {
  const lacking = el('select', { id: 'gaps-lacking', 'data-testid': 'gaps-lacking' }, el('option', { value: '' }, t('lackingAny')));
  for (const kind of LACKING) lacking.append(el('option', { value: kind }, t('lackingKind', { kind: UNIT_KIND[kind][getLang()] })));
  lacking.value = state.lacking;
  lacking.addEventListener('change', () => {
    state.lacking = lacking.value as UnitKind | '';
    void load();
  });
  const all = el('input', { type: 'checkbox', id: 'gaps-all', 'data-testid': 'gaps-all' });
  all.checked = state.all;
  all.addEventListener('change', () => {
    state.all = all.checked;
    void load();
  });
  return el(
    'div',
    { class: 'filters' },
    el('label', { for: 'gaps-lacking' }, t('lackingLabel')),
    lacking,
    el('label', { class: 'check' }, all, t('gapsAllVillages')),
  );
}

function suggestionItem(village: Village, s: Suggestion): HTMLElement {
  const lang = getLang();
  const reasons = el(
    'ul',
    { class: 'reasons' },
    ...s.reasons.map((r) => el('li', { 'data-code': r.code }, el('span', { class: 'tag' }, `${REASON[r.code][lang]} +${Number(r.points.toFixed(2))}`), ' ', r.detail)),
  );
  const item = el(
    'li',
    { class: 'suggestion', 'data-testid': `suggestion-${village.unit.id}-${s.unit.id}`, 'data-id': s.unit.id },
    el(
      'div',
      { class: 'suggestion-head' },
      el('strong', {}, s.unit.name),
      el('span', { class: 'muted' }, [UNIT_KIND[s.unit.kind][lang], s.unit.region?.name].filter(Boolean).join(' · ')),
      el('span', { class: 'score' }, t('score', { score: Number(s.score.toFixed(2)), partners: s.currentPartners })),
    ),
    reasons,
  );
  if (canPair()) {
    const button = el('button', { type: 'button', class: 'button small', 'data-testid': `pair-${village.unit.id}-${s.unit.id}` }, t('pairButton'));
    button.addEventListener('click', () => void pair(village, s, button));
    item.querySelector('.suggestion-head')?.append(button);
  }
  return item;
}

function villageItem(v: Village): HTMLElement {
  const lang = getLang();
  const open = state.open.has(v.unit.id);
  const toggle = el('button', { type: 'button', class: 'button ghost small', 'aria-expanded': String(open), 'data-testid': `suggest-${v.unit.id}` }, open ? t('hideSuggestions') : t('showSuggestions'));
  toggle.addEventListener('click', () => {
    if (state.open.has(v.unit.id)) state.open.delete(v.unit.id);
    else {
      state.open.add(v.unit.id);
      void loadSuggestions(v.unit.id);
    }
    render();
    document.querySelector<HTMLButtonElement>(`[data-testid="suggest-${v.unit.id}"]`)?.focus();
  });
  const kinds = v.pairedKinds.map((k) => PAIRING_KIND[k][lang]).join('、');
  const item = el(
    'li',
    { class: 'card village', 'data-testid': `gap-village-${v.unit.id}`, 'data-id': v.unit.id },
    el(
      'div',
      { class: 'village-head' },
      el('h3', {}, v.unit.name),
      v.demonstration ? el('span', { class: 'tag demo' }, t('demonstrationTag')) : null,
      aboveCounty() && v.countyName ? el('span', { class: 'county', 'data-testid': `gap-county-${v.unit.id}`, 'data-code': v.countyCode ?? '' }, v.countyName) : null,
      el('span', { class: 'muted' }, `${v.townshipName} · ${t('partnerCount', { count: v.partnerCount })}${kinds ? ` · ${t('hasKinds', { kinds })}` : ''}`),
      toggle,
    ),
  );
  if (!open) return item;
  const s = state.suggestions.get(v.unit.id);
  if (s === undefined || s === 'loading') item.append(el('p', { class: 'muted' }, t('loadingData')));
  else if (!Array.isArray(s)) item.append(el('p', { class: 'error' }, describe(s)));
  else if (s.length === 0) item.append(el('p', { class: 'muted' }, t('noSuggestions')));
  else item.append(el('ol', { class: 'suggestions', 'data-testid': `suggestions-${v.unit.id}` }, ...s.map((x) => suggestionItem(v, x))));
  return item;
}

function render(): void {
  const view = $('view-gaps');
  const status = el('p', { class: 'status-line', 'data-testid': 'gaps-status', role: 'status', 'data-state': state.loading ? 'loading' : state.error ? 'error' : state.villages ? 'ready' : '', 'data-region': state.villages ? state.region : '' });
  if (state.loading) status.textContent = t('loadingData');
  else if (state.error) status.textContent = describe(state.error);
  else if (state.villages) status.textContent = t(state.all ? 'gapsCountAll' : 'gapsCount', { count: state.villages.length });
  status.classList.toggle('error', !!state.error);
  const notice = state.notice ? el('p', { class: state.notice.error ? 'notice' : 'notice ok', 'data-testid': 'gaps-notice', role: 'alert' }, state.notice.text) : null;
  const hint = el('p', { class: 'muted', 'data-testid': 'gaps-role-hint' }, canPair() ? t('gapsCanPair') : t('gapsReadOnly'));
  view.replaceChildren(el('div', { class: 'view-head' }, el('h2', {}, t('tabGaps')), filters()), picker.element, hint, status);
  if (notice) view.append(notice);
  const villages = state.villages?.length ? el('ul', { class: 'villages', 'data-testid': 'gaps-list' }, ...state.villages.map(villageItem)) : null;
  view.append(el('div', { class: 'gaps-columns' }, el('div', { class: 'gaps-villages' }, villages), dormant.element()));
}

async function loadSuggestions(id: string): Promise<void> {
  if (Array.isArray(state.suggestions.get(id))) return;
  state.suggestions.set(id, 'loading');
  try {
    const data = await request(ExplorerSuggestionsDocument, { unitId: id, first: 5 });
    state.suggestions.set(id, data.suggestPartners);
  } catch (err) {
    state.suggestions.set(id, failureNow(err));
  }
  render();
}

async function load(): Promise<void> {
  const mine = ++seq;
  writeHash();
  state.loading = true;
  state.error = null;
  void dormant.load(state.region);
  render();
  try {
    const data = await request(ExplorerGapsDocument, {
      region: state.region,
      demonstrationOnly: !state.all,
      supportingKinds: state.lacking ? [state.lacking] : null,
    });
    if (mine !== seq) return;
    state.villages = data.unpairedVillages;
    state.suggestions.clear();
    if (state.villages.length <= OPEN_AT_ONCE) state.open = new Set(state.villages.map((v) => v.unit.id));
    else state.open = new Set([...state.open].filter((id) => state.villages?.some((v) => v.unit.id === id)));
  } catch (err) {
    if (mine !== seq) return;
    state.villages = null;
    state.error = failureNow(err);
  }
  state.loading = false;
  render();
  for (const id of state.open) void loadSuggestions(id);
}

async function pair(v: Village, s: Suggestion, button: HTMLButtonElement): Promise<void> {
  const lang = getLang();
  const since = el('input', { type: 'date', id: 'pair-since', 'data-testid': 'pair-since', value: todayInChina(), required: '' });
  const body = el(
    'div',
    { class: 'dialog-text' },
    el('p', {}, t('pairConfirm', { supporting: s.unit.name, supported: v.unit.name, kind: PAIRING_KIND[s.pairingKind][lang] })),
    el('label', { for: 'pair-since' }, t('pairSince')),
    since,
    el('p', { class: 'muted' }, t('pairAudited')),
  );
  const ok = await confirmDialog(t('pairTitle'), body, t('pairButton'));
  if (!ok) {
    button.focus();
    return;
  }
  try {
    const data = await request(ExplorerPairDocument, { input: { supporting: s.unit.id, supported: v.unit.id, kind: s.pairingKind, since: since.value || null } });
    state.notice = { text: t('pairDone', { supporting: s.unit.name, supported: v.unit.name, id: data.pairUnits.pairing.id }), error: false };
  } catch (err) {
    state.notice = { text: describe(failureNow(err)), error: true };
  }
  await load();
  document.querySelector<HTMLElement>('[data-testid=gaps-notice]')?.focus();
}

/** True when the list's region lies above county level: each village then names its county. */
const aboveCounty = () => state.level === 'PROVINCE' || state.level === 'CITY';

/** The picker chose a region: lists its gaps. */
function picked(region: PickedRegion): void {
  state.region = region.code;
  state.level = region.level;
  shareRegion(region.code);
  void load();
}

const picker = regionPicker('gaps', picked);

/** The gaps view, for the router. */
export const gapsView = {
  /**
   * Shows the view with the address's filters (region, or the older township; lacking; all), else the region last
   * chosen in either view; loads when they changed or the first time.
   */
  show(params: URLSearchParams): void {
    const before = `${state.region}|${state.lacking}|${state.all}`;
    state.region = fullRegionCode(params.get('region') ?? params.get('township') ?? sharedRegion());
    shareRegion(state.region);
    const lacking = params.get('lacking');
    if (lacking !== null) state.lacking = LACKING.includes(lacking as UnitKind) ? (lacking as UnitKind) : '';
    if (params.has('all')) state.all = params.get('all') === '1';
    const regionChanged = !started || !before.startsWith(`${state.region}|`);
    if (regionChanged) {
      void picker.set(state.region).then(() => {
        if (picker.value().code !== state.region) return;
        state.level = picker.value().level;
        render();
      });
    }
    if (!started) {
      started = true;
      void load();
    } else if (before !== `${state.region}|${state.lacking}|${state.all}`) void load();
    else writeHash();
  },
  /** Draws the view again in the page's language. */
  texts(): void {
    if (!started) return;
    picker.texts();
    render();
  },
  /** Lists the gaps again with the new token (the 结对 buttons follow its role). */
  tokenChanged(): void {
    if (!started) return;
    state.notice = null;
    void picker.set(state.region);
    void load();
    void dormant.load(state.region, true);
  },
};
