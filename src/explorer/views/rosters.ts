// 名册 (rosters): upload one or more roster files (.csv, .xlsx) for a check that writes nothing; see the plan
// (created / updated / replaced / unchanged per roster) and every problem in a sortable table, with the row
// and column as the spreadsheet numbers them and the reason in the page's language; fix the file, check again,
// then commit (planner or admin). Templates and the current rosters download from here too.
import { describe, downloadFile, failureNow } from '../api';
import { $, el } from '../dom';
import { getLang, t, type Key } from '../i18n';
import { downloadReport, uploadRosters, type ImportAnswer, type ImportOptions, type RosterError, type RosterProblem } from '../rosterApi';
import { dataTable, type Column, type Sort } from '../table';
import { readToken, roleOf } from '../token';

const state = {
  files: [] as File[],
  what: '' as ImportOptions['what'],
  encoding: '' as ImportOptions['encoding'],
  busy: null as 'check' | 'commit' | 'report' | null,
  /** The last answer, and whether it is of a check of the files chosen now. */
  answer: null as ImportAnswer | null,
  checked: false,
  refusal: null as string | null,
  note: null as string | null,
  sort: null as Sort | null,
};

let started = false;
/** The file chooser, made once so that it keeps the chosen files across renders. */
let fileInput: HTMLInputElement | null = null;

const canUpload = () => ['planner', 'admin'].includes(roleOf(readToken()) ?? '');
const optionsOf = (dryRun: boolean): ImportOptions => ({ dryRun, what: state.what, encoding: state.encoding, lang: getLang() });

/** The message of a refusal, in the page's language (a 413 says which limit). */
function refusalText(status: number, error: RosterError, fallback: string): string {
  const message = getLang() === 'zh' ? (error.messageZh ?? error.message) : error.message;
  if (status === 401) return fallback;
  if (status === 403) return t('uploadForbidden');
  if (status === 413) return t('uploadTooLarge', { message });
  return t('uploadRefused', { message });
}

async function run(dryRun: boolean): Promise<void> {
  if (!state.files.length) return;
  state.busy = dryRun ? 'check' : 'commit';
  state.refusal = null;
  state.note = null;
  render();
  try {
    const result = await uploadRosters(state.files, optionsOf(dryRun));
    if (result.kind === 'answer') {
      state.answer = result.answer;
      state.checked = dryRun && result.answer.ok;
      if (result.answer.error) state.refusal = refusalText(result.status, result.answer.error, '');
      if (!dryRun && result.answer.ok) {
        state.note = t(result.answer.written ? 'commitDone' : 'commitNothing', { rows: result.answer.totals.rows, actor: result.answer.actor?.sub ?? '' });
        state.checked = false;
      }
    } else {
      state.answer = null;
      state.checked = false;
      state.refusal = refusalText(result.status, result.error, describe(result.failure));
    }
  } catch (err) {
    state.refusal = describe(failureNow(err));
  }
  state.busy = null;
  render();
  document.querySelector<HTMLElement>('[data-testid=roster-result]')?.focus();
}

async function report(): Promise<void> {
  state.busy = 'report';
  render();
  try {
    state.note = t('exportDone', { file: await downloadReport(state.files, optionsOf(true)) });
  } catch (err) {
    state.refusal = describe(failureNow(err));
  }
  state.busy = null;
  render();
}

function uploadForm(): HTMLElement {
  const input = fileInput ?? el('input', { type: 'file', id: 'roster-files', 'data-testid': 'roster-files', multiple: '', accept: '.csv,.txt,.xlsx,.xlsm' });
  if (!fileInput) {
    fileInput = input;
    input.addEventListener('change', () => {
      state.files = [...(input.files ?? [])];
      state.answer = null;
      state.checked = false;
      state.refusal = null;
      state.note = null;
      render();
    });
  }
  const what = el('select', { id: 'roster-what', 'data-testid': 'roster-what' }, ...(['', 'cooperations', 'units', 'pairings', 'activities'] as const).map((v) => el('option', { value: v }, t(`what_${v || 'auto'}` as Key))));
  what.value = state.what;
  what.addEventListener('change', () => (state.what = what.value as ImportOptions['what']));
  const encoding = el('select', { id: 'roster-encoding', 'data-testid': 'roster-encoding' }, ...(['', 'utf8', 'gb18030'] as const).map((v) => el('option', { value: v }, t(`encoding_${v || 'auto'}` as Key))));
  encoding.value = state.encoding;
  encoding.addEventListener('change', () => (state.encoding = encoding.value as ImportOptions['encoding']));
  const check = el('button', { type: 'submit', class: 'button', 'data-testid': 'roster-check' }, state.busy === 'check' ? t('checking') : t('checkButton'));
  check.disabled = !state.files.length || state.busy !== null;
  const commit = el('button', { type: 'button', class: 'button', 'data-testid': 'roster-commit' }, state.busy === 'commit' ? t('committing') : t('commitButton'));
  commit.disabled = !state.checked || state.busy !== null;
  commit.addEventListener('click', () => void run(false));
  const form = el(
    'form',
    { class: 'card upload', 'data-testid': 'roster-form' },
    el('h3', {}, t('uploadHeading')),
    el('label', { for: 'roster-files' }, t('uploadLabel')),
    input,
    state.files.length ? el('p', { class: 'muted', 'data-testid': 'roster-chosen' }, state.files.map((f) => f.name).join('、')) : null,
    el('div', { class: 'filters' }, el('label', { for: 'roster-what' }, t('whatLabel')), what, el('label', { for: 'roster-encoding' }, t('encodingLabel')), encoding),
    el('div', { class: 'button-row' }, check, commit),
    el('p', { class: 'muted' }, canUpload() ? t('uploadHint') : t('uploadNeedsPlanner')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(true);
  });
  return form;
}

function downloads(): HTMLElement {
  const link = (url: string, label: string, id: string) => {
    const button = el('button', { type: 'button', class: 'button ghost small', 'data-testid': id, 'data-url': url }, label);
    button.addEventListener('click', async () => {
      try {
        state.note = t('exportDone', { file: await downloadFile(url, url.split('/').pop() ?? 'roster') });
      } catch (err) {
        state.refusal = describe(failureNow(err));
      }
      render();
    });
    return button;
  };
  const lang = getLang();
  const row = (kind: 'cooperations' | 'units' | 'pairings' | 'activities') =>
    el(
      'li',
      {},
      el('strong', {}, t(`what_${kind}`)),
      link(`/rosters/template/${kind}.xlsx?lang=${lang}`, t('templateXlsx'), `template-${kind}-xlsx`),
      link(`/rosters/template/${kind}.csv?lang=${lang}`, t('templateCsv'), `template-${kind}-csv`),
      link(`/rosters/export/${kind}.xlsx?lang=${lang}`, t('currentXlsx'), `export-${kind}-xlsx`),
      link(`/rosters/export/${kind}.csv?lang=${lang}`, t('currentCsv'), `export-${kind}-csv`),
    );
  return el('section', { class: 'card downloads' }, el('h3', {}, t('downloadsHeading')), el('ul', { class: 'download-list' }, row('cooperations'), row('units'), row('pairings'), row('activities')));
}

function planTable(answer: ImportAnswer): HTMLElement {
  const columns: Column<ImportAnswer['rosters'][number]>[] = [
    { key: 'file', label: t('colFile'), cell: (r) => r.file },
    { key: 'kind', label: t('colRoster'), cell: (r) => (r.kind ? t(`what_${r.kind}`) : '—') },
    { key: 'rows', label: t('colRows'), cell: (r) => String(r.rows) },
    { key: 'created', label: t('colCreated'), cell: (r) => String(r.created) },
    { key: 'updated', label: t('colUpdated'), cell: (r) => String(r.updated) },
    { key: 'replaced', label: t('colReplaced'), cell: (r) => String(r.replaced) },
    { key: 'unchanged', label: t('colUnchanged'), cell: (r) => String(r.unchanged) },
    { key: 'problems', label: t('colProblems'), cell: (r) => String(r.problems) },
  ];
  return dataTable(columns, answer.rosters, { table: { 'data-testid': 'roster-plan' }, row: (r) => ({ 'data-file': r.file }) });
}

function problemTable(problems: RosterProblem[]): HTMLElement {
  const lang = getLang();
  const columns: Column<RosterProblem>[] = [
    { key: 'file', label: t('colFile'), cell: (p) => p.file, sortValue: (p) => p.file },
    { key: 'row', label: t('colRow'), cell: (p) => (p.row ? String(p.row) : '—'), sortValue: (p) => p.row },
    { key: 'column', label: t('colColumn'), cell: (p) => (p.column ? `${p.columnLetter ?? ''} ${p.column}`.trim() : '—'), sortValue: (p) => p.columnLetter ?? p.column ?? '' },
    { key: 'value', label: t('colValue'), cell: (p) => el('code', {}, p.value ?? ''), sortValue: (p) => p.value ?? '' },
    { key: 'reason', label: t('colReason'), cell: (p) => p.reason[lang], sortValue: (p) => p.reason[lang] },
  ];
  return dataTable(
    columns,
    problems,
    { table: { 'data-testid': 'roster-problems' }, row: (p) => ({ 'data-row': String(p.row), 'data-cell': p.cell ?? '', 'data-code': p.code }) },
    state.sort,
    (sort) => {
      state.sort = sort;
      render();
      document.querySelector<HTMLButtonElement>(`[data-testid=roster-problems] button[data-sort="${sort.key}"]`)?.focus();
    },
    t('sortBy'),
  );
}

function result(): HTMLElement | null {
  const a = state.answer;
  if (!a && !state.refusal && !state.note) return null;
  const box = el('section', { class: 'card result', 'data-testid': 'roster-result', tabindex: '-1', 'data-state': a ? (a.ok ? (a.dryRun ? 'checked' : 'committed') : 'problems') : state.refusal ? 'refused' : 'note' });
  if (state.refusal) box.append(el('p', { class: 'notice', 'data-testid': 'roster-refusal', role: 'alert' }, state.refusal));
  if (state.note) box.append(el('p', { class: 'notice ok', 'data-testid': 'roster-note', role: 'status' }, state.note));
  if (!a) return box;
  const totals = t('planTotals', { ...a.totals });
  box.append(el('h3', {}, a.dryRun ? t('planHeading') : t('commitHeading')), el('p', { 'data-testid': 'roster-totals' }, totals), planTable(a));
  if (a.problemCount === 0) {
    box.append(el('p', { class: 'ok-text', 'data-testid': 'roster-ok' }, a.dryRun ? t('planOk') : ''));
    return box;
  }
  const reportButton = el('button', { type: 'button', class: 'button ghost small', 'data-testid': 'roster-report' }, t('downloadReport'));
  reportButton.disabled = state.busy !== null;
  reportButton.addEventListener('click', () => void report());
  box.append(
    el('h3', {}, t('problemsHeading', { count: a.problemCount }), reportButton),
    el('p', { class: 'muted' }, a.problemsTruncated ? t('problemsTruncated', { shown: a.problems.length }) : t('problemsHint')),
    problemTable(a.problems),
  );
  return box;
}

function render(): void {
  const view = $('view-rosters');
  const answer = result();
  view.replaceChildren(el('div', { class: 'view-head' }, el('h2', {}, t('tabRosters'))), el('div', { class: 'roster-grid' }, uploadForm(), downloads()));
  if (answer) view.append(answer);
}

/** The rosters view, for the router. */
export const rostersView = {
  /** Shows the view. */
  show(): void {
    if (!started) render();
    started = true;
  },
  /** Draws the view again in the page's language. */
  texts(): void {
    if (started) render();
  },
  /** The token changed: a check made with the old one does not let the new one commit. */
  tokenChanged(): void {
    state.checked = false;
    if (started) render();
  },
};
