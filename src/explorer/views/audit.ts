// 审计 (audit, admin only): the audit trail of the `changes` query, newest first, filtered by actor, record
// and date (on or after), a page of 50 at a time with "more".
import { ExplorerChangesDocument, type ExplorerChangesQuery } from '../../generated/operations';
import { describe, failureNow, request } from '../api';
import { $, el } from '../dom';
import { ACTION, getLang, t } from '../i18n';
import { dataTable, type Column } from '../table';
import type { Failure } from '../token';

const PAGE = 50;
type Change = ExplorerChangesQuery['changes']['edges'][number]['node'];

const state = {
  actor: '',
  targetId: '',
  since: '',
  changes: [] as Change[],
  total: null as number | null,
  next: null as string | null,
  error: null as Failure | null,
  loading: false,
};

let started = false;
let seq = 0;
/** What the filter fields hold, applied or not yet: a redraw (an answer arriving, the language) keeps it. */
const draft = { actor: '', targetId: '', since: '' };
/** The form, drawn once and kept across answers so that typing and focus survive them; null to draw it again. */
let formNode: HTMLElement | null = null;

function writeHash(): void {
  const params = new URLSearchParams();
  if (state.actor) params.set('actor', state.actor);
  if (state.targetId) params.set('targetId', state.targetId);
  if (state.since) params.set('since', state.since);
  const query = params.toString();
  history.replaceState(null, '', `#audit${query ? `?${query}` : ''}`);
}

/** Returns a JSON value as text for a person (strings without quotes, none as —). */
const shown = (json: string | null | undefined) => {
  if (json === null || json === undefined) return '—';
  try {
    const value = JSON.parse(json) as unknown;
    return typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    return json;
  }
};

function form(): HTMLElement {
  const input = (id: string, key: 'actor' | 'targetId' | 'since', type = 'search') =>
    el('input', { id, type, 'data-testid': id, value: draft[key], autocomplete: 'off', spellcheck: 'false' });
  const actor = input('audit-actor', 'actor');
  const target = input('audit-target', 'targetId');
  const since = input('audit-since', 'since', 'date');
  const submit = el('button', { type: 'submit', class: 'button', 'data-testid': 'audit-filter' }, t('filter'));
  const node = el(
    'form',
    { class: 'filters', 'data-testid': 'audit-form' },
    el('label', { for: 'audit-actor' }, t('auditActor')),
    actor,
    el('label', { for: 'audit-target' }, t('auditTarget')),
    target,
    el('label', { for: 'audit-since' }, t('auditSince')),
    since,
    submit,
  );
  node.addEventListener('input', () => {
    draft.actor = actor.value;
    draft.targetId = target.value;
    draft.since = since.value;
  });
  node.addEventListener('submit', (event) => {
    event.preventDefault();
    state.actor = draft.actor = actor.value.trim();
    state.targetId = draft.targetId = target.value.trim();
    state.since = draft.since = since.value;
    void load(false);
  });
  return node;
}

function table(): HTMLElement {
  const lang = getLang();
  const columns: Column<Change>[] = [
    { key: 'at', label: t('auditAt'), cell: (c) => el('time', { datetime: c.at }, c.at.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC')) },
    { key: 'actor', label: t('auditActor'), cell: (c) => c.actor },
    { key: 'role', label: t('auditRole'), cell: (c) => c.role ?? '—' },
    { key: 'operation', label: t('auditOperation'), cell: (c) => el('code', {}, c.operation) },
    { key: 'target', label: t('auditTarget'), cell: (c) => el('span', {}, `${c.targetType} `, el('code', {}, c.targetId)) },
    { key: 'action', label: t('auditAction'), cell: (c) => ACTION[c.action][lang] },
    { key: 'fields', label: t('auditFields'), cell: (c) => el('ul', { class: 'fields' }, ...c.fields.map((f) => el('li', {}, el('code', {}, f.field), `: ${shown(f.before)} → ${shown(f.after)}`))) },
  ];
  return dataTable(columns, state.changes, { table: { 'data-testid': 'audit-table' }, row: (c) => ({ 'data-testid': `change-${c.id}`, 'data-actor': c.actor, 'data-target': c.targetId }) });
}

function render(): void {
  const view = $('view-audit');
  const status = el('p', { class: 'status-line', 'data-testid': 'audit-status', role: 'status', 'data-state': state.loading ? 'loading' : state.error ? 'error' : state.total !== null ? 'ready' : '' });
  if (state.loading && !state.changes.length) status.textContent = t('loadingData');
  else if (state.error) status.textContent = describe(state.error);
  else if (state.total !== null) status.textContent = t('auditCount', { shown: state.changes.length, total: state.total });
  status.classList.toggle('error', !!state.error);
  formNode ??= el('div', { class: 'view-head' }, el('h2', {}, t('tabAudit')), form());
  view.replaceChildren(formNode, status);
  if (state.changes.length) view.append(table());
  if (state.next) {
    const more = el('button', { type: 'button', class: 'button ghost', 'data-testid': 'audit-more' }, t('more'));
    more.addEventListener('click', () => void load(true));
    view.append(more);
  }
}

async function load(more: boolean): Promise<void> {
  const mine = ++seq;
  writeHash();
  state.loading = true;
  state.error = null;
  if (!more) state.changes = [];
  render();
  const where = { actor: state.actor || null, targetId: state.targetId || null, since: state.since || null };
  try {
    const data = await request(ExplorerChangesDocument, { where, first: PAGE, after: more ? state.next : null });
    if (mine !== seq) return;
    state.changes = [...state.changes, ...data.changes.edges.map((e) => e.node)];
    state.total = data.changes.totalCount;
    state.next = data.changes.pageInfo.hasNextPage ? (data.changes.pageInfo.endCursor ?? null) : null;
  } catch (err) {
    if (mine !== seq) return;
    state.error = failureNow(err);
    state.total = null;
    state.next = null;
  }
  state.loading = false;
  render();
}

/** The audit view, for the router. */
export const auditView = {
  /** Shows the view with the hash's filters (actor, targetId, since); loads when they changed or the first time. */
  show(params: URLSearchParams): void {
    const before = `${state.actor}|${state.targetId}|${state.since}`;
    for (const key of ['actor', 'targetId', 'since'] as const) if (params.has(key)) state[key] = params.get(key) ?? '';
    if (before !== `${state.actor}|${state.targetId}|${state.since}` || !started) {
      Object.assign(draft, { actor: state.actor, targetId: state.targetId, since: state.since });
      formNode = null;
    }
    // The trail grows while the page is open: every visit asks again.
    if (before === `${state.actor}|${state.targetId}|${state.since}`) writeHash();
    started = true;
    void load(false);
  },
  /** Draws the view again in the page's language. */
  texts(): void {
    formNode = null;
    if (started) render();
  },
  /** Loads again with the new token (a weaker role gets the service's refusal). */
  tokenChanged(): void {
    if (started) void load(false);
  },
};
