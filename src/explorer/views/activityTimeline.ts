// A pairing's activity timeline (帮扶活动) in the graph view's side panel: newest first, a page at a time with
// "more"; each entry shows its date, its form in the page's language, its measures and its note.
import { ExplorerPairingActivitiesDocument, type ExplorerPairingActivitiesQuery } from '../../generated/operations';
import { describe, failureNow, request } from '../api';
import { el } from '../dom';
import { ACTIVITY_FORM, MEASURE_UNIT, getLang, t } from '../i18n';
import type { Failure } from '../token';

type Activity = ExplorerPairingActivitiesQuery['activities']['edges'][number]['node'];

/** Activities per page of the timeline. */
export const TIMELINE_PAGE = 5;

interface Timeline {
  open: boolean;
  items: Activity[];
  total: number | null;
  endCursor: string | null;
  hasNext: boolean;
  loading: boolean;
  error: Failure | null;
}

/** Returns an activity's measures in the page's language (`2 期 · 60 人次`), or '' without any. */
export function measuresText(measures: Activity['measures']): string {
  const lang = getLang();
  return measures.map((m) => `${Number(m.value.toFixed(2))} ${MEASURE_UNIT[m.unit][lang]}`).join(' · ');
}

/**
 * The timelines of the pairings a panel shows, kept across its redraws: {@link ActivityTimelines.element} returns
 * one pairing's (a toggle, then the list), {@link ActivityTimelines.reset} forgets them all for another unit.
 */
export class ActivityTimelines {
  private readonly timelines = new Map<string, Timeline>();
  private seq = 0;

  /** `changed` redraws the panel (after a page arrived or a toggle). */
  constructor(private readonly changed: () => void) {}

  /** Forgets every timeline (answers still under way are dropped); with `open`, those pairings start open and load. Returns nothing. */
  reset(open: readonly string[] = []): void {
    this.seq++;
    this.timelines.clear();
    for (const id of open) this.toggle(id, false);
  }

  /** Returns pairing `id`'s toggle and, when open, its timeline; never throws. */
  element(id: string): HTMLElement {
    const tl = this.timelines.get(id);
    const open = !!tl?.open;
    const toggle = el('button', { type: 'button', class: 'button ghost small', 'aria-expanded': String(open), 'data-testid': `activities-toggle-${id}` }, open ? t('activitiesHide') : t('activitiesShow'));
    toggle.addEventListener('click', () => this.toggle(id, true));
    const box = el('div', { class: 'cp-activities' }, toggle);
    if (!tl?.open) return box;
    const state = tl.loading ? 'loading' : tl.error ? 'error' : 'ready';
    const section = el('div', { class: 'timeline', 'data-testid': `activities-${id}`, 'data-state': state });
    box.append(section);
    if (tl.total !== null) section.append(el('p', { class: 'muted', 'data-testid': `activities-total-${id}` }, tl.total ? t('activitiesTotal', { count: tl.total }) : t('activitiesNone')));
    if (tl.items.length) section.append(el('ol', { class: 'activities' }, ...tl.items.map(item)));
    if (tl.error) section.append(el('p', { class: 'error' }, describe(tl.error)));
    else if (tl.loading) section.append(el('p', { class: 'muted' }, t('loading')));
    else if (tl.hasNext) {
      const more = el('button', { type: 'button', class: 'button ghost small', 'data-testid': `activities-more-${id}` }, t('activitiesMore', { count: Math.max(0, (tl.total ?? 0) - tl.items.length) }));
      more.addEventListener('click', () => void this.load(id));
      section.append(more);
    }
    return box;
  }

  private toggle(id: string, redraw: boolean): void {
    const tl = this.timelines.get(id);
    if (tl) tl.open = !tl.open;
    else this.timelines.set(id, { open: true, items: [], total: null, endCursor: null, hasNext: false, loading: false, error: null });
    const now = this.timelines.get(id)!;
    if (now.open && now.total === null && !now.loading) void this.load(id);
    else if (redraw) this.changed();
  }

  /** Loads the next page of pairing `id`'s timeline; never throws (a failure is shown in its place). */
  private async load(id: string): Promise<void> {
    const tl = this.timelines.get(id);
    if (!tl) return;
    const seq = this.seq;
    tl.loading = true;
    tl.error = null;
    this.changed();
    try {
      const data = await request(ExplorerPairingActivitiesDocument, { pairingId: id, first: TIMELINE_PAGE, after: tl.endCursor });
      if (seq !== this.seq) return;
      tl.items.push(...data.activities.edges.map((e) => e.node));
      tl.total = data.activities.totalCount;
      tl.endCursor = data.activities.pageInfo.endCursor ?? null;
      tl.hasNext = data.activities.pageInfo.hasNextPage;
    } catch (err) {
      if (seq !== this.seq) return;
      tl.error = failureNow(err);
    }
    tl.loading = false;
    this.changed();
  }
}

function item(a: Activity): HTMLElement {
  const measures = measuresText(a.measures);
  return el(
    'li',
    { class: 'activity', 'data-testid': `activity-${a.id}`, 'data-id': a.id, 'data-form': a.form },
    el('time', { datetime: a.date, class: 'activity-date' }, a.date),
    ' ',
    el('span', { class: 'tag activity-form' }, ACTIVITY_FORM[a.form][getLang()]),
    measures ? el('span', { class: 'activity-measures' }, ` ${measures}`) : null,
    a.participants ? el('div', { class: 'muted activity-participants' }, a.participants) : null,
    a.note ? el('div', { class: 'activity-note' }, a.note) : null,
  );
}
