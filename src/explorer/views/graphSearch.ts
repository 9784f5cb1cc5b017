// The graph view's search box: names in Chinese, pinyin or initials (拐角铺, guaijiaopu, gjp), asked 200 ms
// after the last key; Enter takes the first hit, Esc clears; a hit is chosen by the view's callback.
import { ExplorerSearchDocument, type ExplorerSearchQuery } from '../../generated/operations';
import { describe, failureNow, request } from '../api';
import { $, el } from '../dom';
import { MATCH, UNIT_KIND, getLang, t } from '../i18n';
import type { Failure } from '../token';
import { groupOf, sideOf, swatch } from './graphStyle';

type Hit = ExplorerSearchQuery['search'][number];

/** The search box of the graph view (#search and #search-results of index.html). */
export class UnitSearch {
  private hits: Hit[] | null = null;
  private error: Failure | null = null;
  private searching = false;
  private seq = 0;
  private timer: number | undefined;

  /** `choose` is called with the hit the user takes. */
  constructor(private readonly choose: (id: string, name: string) => Promise<void>) {}

  /** Listens to the box; returns nothing. */
  wire(): void {
    $('search').addEventListener('input', () => this.input());
    $('search').addEventListener('keydown', (e) => {
      if ((e as KeyboardEvent).key === 'Enter' && this.hits?.length) void this.take(this.hits[0]);
      if ((e as KeyboardEvent).key === 'Escape') {
        ($('search') as HTMLInputElement).value = '';
        this.input();
      }
    });
  }

  /** Asks again for the box's text (after typing, or with a new token); an empty box clears the hits. */
  input(): void {
    const text = ($('search') as HTMLInputElement).value.trim();
    window.clearTimeout(this.timer);
    if (!text) {
      this.seq++;
      this.hits = null;
      this.error = null;
      this.searching = false;
      this.render();
      return;
    }
    this.searching = true;
    this.render();
    this.timer = window.setTimeout(() => void this.run(text.slice(0, 50)), 200);
  }

  private async run(text: string): Promise<void> {
    const seq = ++this.seq;
    try {
      const data = await request(ExplorerSearchDocument, { text, first: 12 });
      if (seq !== this.seq) return;
      this.hits = data.search;
      this.error = null;
    } catch (err) {
      if (seq !== this.seq) return;
      this.hits = [];
      this.error = failureNow(err);
    }
    this.searching = false;
    this.render();
  }

  private async take(hit: Hit): Promise<void> {
    this.hits = null;
    this.render();
    await this.choose(hit.unit.id, hit.unit.name);
  }

  /** Draws the hits (or why there are none) in the page's language; returns nothing. */
  render(): void {
    const list = $('search-results');
    const lang = getLang();
    list.replaceChildren();
    if (this.searching && !this.hits) {
      list.append(el('li', { class: 'muted' }, t('searching')));
      return;
    }
    if (!this.hits) return;
    if (this.error) {
      list.append(el('li', { class: 'error', 'data-testid': 'search-error' }, describe(this.error)));
      return;
    }
    if (this.hits.length === 0) {
      list.append(el('li', { class: 'muted', 'data-testid': 'search-empty' }, t('noHits')));
      return;
    }
    for (const hit of this.hits) {
      const u = hit.unit;
      const meta = [UNIT_KIND[u.kind][lang], u.region?.name, hit.matchedOn === 'PINYIN' || hit.matchedOn === 'INITIALS' ? MATCH[hit.matchedOn][lang] : null].filter(Boolean).join(' · ');
      const button = el(
        'button',
        { type: 'button', class: 'hit', role: 'option', 'data-testid': `search-result-${u.id}`, 'data-id': u.id },
        swatch(groupOf(u.kind).colour, sideOf(u.side)),
        el('span', { class: 'hit-text' }, el('strong', {}, u.name), el('small', {}, meta)),
      );
      button.addEventListener('click', () => void this.take(hit));
      list.append(el('li', {}, button));
    }
  }
}
