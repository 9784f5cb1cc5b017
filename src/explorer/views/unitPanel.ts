// The graph view's side panel: one unit's facts and its counterparts with their pairings, sources and activities.
import { ExplorerUnitDocument, type ExplorerUnitQuery } from '../../generated/operations';
import { describe, failureNow, request } from '../api';
import { $, el } from '../dom';
import { PAIRING_KIND, PROVENANCE, SECTOR, STATUS, UNIT_KIND, getLang, t, type Key } from '../i18n';
import type { Failure } from '../token';
import { ActivityTimelines } from './activityTimeline';
import { groupOf, sideLabel, sideOf, swatch } from './graphStyle';

/** Up to this many pairings show their activities at once; more show them on request. */
const TIMELINES_AT_ONCE = 4;

/** What the panel asks of the graph view. */
export interface PanelHost {
  /** The name and paired state the graph shows for a unit, if it shows it. */
  nodeOf(id: string): { label: string; paired: boolean } | undefined;
  /** The graph's center unit's id, or null. */
  centerId(): string | null;
  /** Marks the open unit in the graph (none: null) and, with `focus`, moves the view onto it. */
  highlight(id: string | null, focus: boolean): void;
  /** Centers the graph on a unit. */
  centerOn(id: string, name: string): void;
  /** The layout changed size (the panel opened or closed). */
  resized(): void;
}

/** The side panel of the graph view: {@link UnitPanel.open} loads and shows a unit, {@link UnitPanel.close} hides it. */
export class UnitPanel {
  private unitId: string | null = null;
  private unit: ExplorerUnitQuery | null = null;
  private error: Failure | null = null;
  private seq = 0;
  private readonly timelines = new ActivityTimelines(() => this.render());

  constructor(private readonly host: PanelHost) {
    $('panel-close').addEventListener('click', () => this.close());
    $('panel-center').addEventListener('click', () => {
      const u = this.unit?.unit;
      if (u) host.centerOn(u.id, u.name);
    });
  }

  /** The unit shown, or null. */
  get openId(): string | null {
    return this.unitId;
  }

  /** Loads and shows unit `id` (an answer overtaken by a later open is dropped); never throws. */
  async open(id: string, focus = false): Promise<void> {
    const seq = ++this.seq;
    this.unitId = id;
    this.unit = null;
    this.error = null;
    this.timelines.reset();
    this.render();
    this.host.highlight(id, focus);
    try {
      const data = await request(ExplorerUnitDocument, { id });
      if (seq !== this.seq) return;
      this.unit = data;
      this.timelines.reset(data.counterparts.length <= TIMELINES_AT_ONCE ? data.counterparts.map((c) => c.pairing.id) : []);
    } catch (err) {
      if (seq !== this.seq) return;
      this.error = failureNow(err);
    }
    this.render();
  }

  /** Hides the panel; returns nothing. */
  close(): void {
    this.seq++;
    this.unitId = null;
    this.unit = null;
    this.timelines.reset();
    this.render();
    this.host.highlight(null, false);
  }

  /** Draws the panel as the state says (again after a language switch); returns nothing. */
  render(): void {
    const panel = $('panel');
    if (panel.hidden !== !this.unitId) {
      panel.hidden = !this.unitId;
      $('view-graph').classList.toggle('with-panel', !!this.unitId);
      this.host.resized();
    }
    if (!this.unitId) return;
    const lang = getLang();
    const facts = $('panel-facts');
    const list = $('counterparts');
    facts.replaceChildren();
    list.replaceChildren();
    const node = this.host.nodeOf(this.unitId);
    $('panel-title').textContent = this.unit?.unit?.name ?? node?.label ?? this.unitId;
    panel.dataset.state = this.unit ? 'ready' : this.error ? 'error' : 'loading';
    if (this.error) {
      list.append(el('li', { class: 'error', 'data-testid': 'unit-error' }, describe(this.error)));
      return;
    }
    if (!this.unit) {
      list.append(el('li', { class: 'muted' }, t('loading')));
      return;
    }
    const unit = this.unit.unit;
    if (!unit) {
      list.append(el('li', { class: 'muted' }, t('unknownUnit')));
      return;
    }
    const fact = (key: Key, value: Node | string) => facts.append(el('dt', {}, t(key)), el('dd', {}, value));
    fact('factKind', el('span', { class: 'with-swatch' }, swatch(groupOf(unit.kind).colour, sideOf(unit.side)), UNIT_KIND[unit.kind][lang]));
    fact('factSide', sideLabel(unit.side));
    if (unit.region) fact('factRegion', unit.region.name);
    if (unit.demonstration !== null) fact('factDemonstration', unit.demonstration ? t('yes') : t('no'));
    if (node) fact('factPaired', node.paired ? t('paired') : t('unpaired'));
    fact('factProvenance', PROVENANCE[unit.provenance][lang]);
    fact('factId', el('code', {}, unit.id));
    ($('panel-center') as HTMLButtonElement).disabled = this.host.centerId() === unit.id;

    const counterparts = this.unit.counterparts;
    if (counterparts.length === 0) list.append(el('li', { class: 'muted', 'data-testid': 'no-counterparts' }, t('noCounterparts')));
    for (const c of counterparts) {
      const p = c.pairing;
      const dates = [p.since ? t('pairingSince', { date: p.since }) : null, p.until ? t('pairingUntil', { date: p.until }) : null].filter(Boolean).join(' ');
      const name = el('button', { type: 'button', class: 'link', 'data-testid': `counterpart-name-${c.unit.id}` }, c.unit.name);
      name.addEventListener('click', () => void this.open(c.unit.id, true));
      const source = p.source ? [p.source.publisher, p.source.title, p.source.published].filter(Boolean).join(' · ') : null;
      list.append(
        el(
          'li',
          { class: 'counterpart', 'data-testid': `counterpart-${c.unit.id}`, 'data-id': c.unit.id },
          el('div', { class: 'cp-head' }, swatch(groupOf(c.unit.kind).colour, sideOf(c.unit.side)), name),
          el('div', { class: 'cp-meta' }, `${sideLabel(c.side)} · ${UNIT_KIND[c.unit.kind][lang]}`),
          el(
            'div',
            { class: 'cp-pairing' },
            el('span', { class: 'tag' }, PAIRING_KIND[p.kind][lang]),
            el('span', { class: 'tag' }, SECTOR[p.sector][lang]),
            el('span', { class: `tag status-${p.status}` }, STATUS[p.status][lang]),
            p.provenance === 'PLACEHOLDER' ? el('span', { class: 'tag placeholder' }, PROVENANCE[p.provenance][lang]) : null,
          ),
          dates ? el('div', { class: 'cp-meta' }, dates) : null,
          source ? el('div', { class: 'cp-source' }, `${t('sourceLabel')}: ${source}`) : null,
          this.timelines.element(p.id),
        ),
      );
    }
  }
}
