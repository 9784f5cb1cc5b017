// 沉睡结对 (dormant pairings) beside the unpaired villages of the gaps view: the active pairings of the region with
// no activity in the last 12 months (dormantPairings), in the API's order (longest silent first), each with how long
// it has been silent and its last activity.
import { ExplorerDormantDocument, type ExplorerDormantQuery } from '../../generated/operations';
import { describe, failureNow, request } from '../api';
import { el } from '../dom';
import { ACTIVITY_FORM, PAIRING_KIND, getLang, t } from '../i18n';
import type { Failure } from '../token';

type Dormant = ExplorerDormantQuery['dormantPairings'][number];

/** Most dormant pairings listed. */
const MOST = 200;

/** The dormant pairings of one region: {@link DormantList.load} asks for them, {@link DormantList.element} draws them. */
export class DormantList {
  private region: string | null = null;
  private pairings: Dormant[] | null = null;
  private error: Failure | null = null;
  private seq = 0;

  /** `changed` redraws the view once an answer arrived. */
  constructor(private readonly changed: () => void) {}

  /**
   * Loads the dormant pairings of `region` unless they are shown already (`again`: even then, e.g. with a new
   * token); an answer overtaken by a later load is dropped. Never throws.
   */
  async load(region: string, again = false): Promise<void> {
    if (!again && region === this.region && this.pairings) return;
    const seq = ++this.seq;
    this.region = region;
    this.pairings = null;
    this.error = null;
    try {
      const data = await request(ExplorerDormantDocument, { region, first: MOST });
      if (seq !== this.seq) return;
      this.pairings = data.dormantPairings;
    } catch (err) {
      if (seq !== this.seq) return;
      this.error = failureNow(err);
    }
    this.changed();
  }

  /** Returns the section as the state says, in the page's language; never throws. */
  element(): HTMLElement {
    const state = this.error ? 'error' : this.pairings ? 'ready' : 'loading';
    const status = el('p', { class: 'status-line', 'data-testid': 'dormant-status', role: 'status', 'data-state': state, 'data-region': this.pairings ? (this.region ?? '') : '' });
    if (this.error) {
      status.textContent = describe(this.error);
      status.classList.add('error');
    } else status.textContent = this.pairings ? (this.pairings.length ? t('dormantCount', { count: this.pairings.length }) : t('dormantNone')) : t('loadingData');
    const section = el('section', { class: 'dormant', 'data-testid': 'dormant' }, el('h3', {}, t('dormantHeading')), el('p', { class: 'muted' }, t('dormantHint')), status);
    if (this.pairings?.length) section.append(el('ol', { class: 'dormant-list', 'data-testid': 'dormant-list' }, ...this.pairings.map(item)));
    return section;
  }
}

function item(d: Dormant): HTMLElement {
  const lang = getLang();
  const p = d.pairing;
  const silent = d.silentDays === null ? t('silentUnknown') : t('silentDays', { days: d.silentDays, months: Math.floor(d.silentDays / 30.44) });
  const last = d.lastActivity ? t('lastActivity', { date: d.lastActivity.date, form: ACTIVITY_FORM[d.lastActivity.form][lang] }) : t('neverActive');
  return el(
    'li',
    { class: 'card dormant-pairing', 'data-testid': `dormant-${p.id}`, 'data-id': p.id, 'data-silent-days': d.silentDays === null ? '' : String(d.silentDays) },
    el('div', { class: 'dormant-head' }, el('strong', {}, `${p.supporting.name} — ${p.supported.name}`), el('span', { class: 'tag' }, PAIRING_KIND[p.kind][lang])),
    el('div', { class: 'muted' }, el('span', { class: 'silent', 'data-testid': `dormant-silent-${p.id}` }, silent), ' · ', el('span', { 'data-testid': `dormant-last-${p.id}`, 'data-date': d.lastActivity?.date ?? '' }, last)),
  );
}
