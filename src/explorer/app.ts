// The explorer page (/): search a unit, draw the cooperation graph with Cytoscape.js, filter by township,
// highlight unpaired demonstration villages, list a unit's counterparts, export the current selection.
// With an access token saved in the page (token.ts), every request and export sends it as a bearer token.
// The GraphQL operations are the typed documents codegen makes from src/explorer/operations.graphql.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import cytoscape, { type Core, type ElementDefinition, type NodeSingular } from 'cytoscape';
import { print } from 'graphql';
import {
  ExplorerGraphDocument,
  ExplorerSearchDocument,
  ExplorerTownshipsDocument,
  ExplorerUnitDocument,
  type ExplorerGraphQuery,
  type ExplorerSearchQuery,
  type ExplorerUnitQuery,
  type Side,
  type UnitKind,
} from '../generated/operations';
import { MATCH, PAIRING_KIND, PROVENANCE, SECTOR, SIDE, STATUS, UNIT_KIND, translate, type Key, type Lang } from './i18n';
import { RequestFailed, authHeaders, clearToken, failureOf, failureOfError, readToken, saveToken, type Failure, type WireError } from './token';

/** 卓资县: the county whose townships the filter lists. */
const COUNTY = '150921000000';
const LANG_KEY = 'pairing-graph.lang';

type GraphData = ExplorerGraphQuery['graph'];
type GraphNode = GraphData['nodes'][number];
type Hit = ExplorerSearchQuery['search'][number];

// ---- colours: fill by kind of unit, shape and border by side ---------------------------------------------

type KindGroup = 'division' | 'village' | 'school' | 'hospital' | 'enterprise' | 'social' | 'government' | 'other';

const KIND_GROUP: Record<UnitKind, KindGroup> = {
  PROVINCE: 'other',
  CITY: 'other',
  DISTRICT: 'other',
  COUNTY: 'other',
  STREET: 'division',
  AREA: 'division',
  TOWN: 'division',
  TOWNSHIP: 'division',
  COMMUNITY: 'village',
  VILLAGE: 'village',
  VILLAGE_OR_COMMUNITY: 'village',
  RELOCATION_ESTATE: 'village',
  SCHOOL: 'school',
  HOSPITAL: 'hospital',
  ENTERPRISE: 'enterprise',
  SOCIAL_ORGANIZATION: 'social',
  GOVERNMENT_BODY: 'government',
};

const GROUPS: { group: KindGroup; colour: string; label: Record<Lang, string> }[] = [
  { group: 'division', colour: '#7c3aed', label: { zh: '街道、地区、乡镇', en: 'Street, area, town, township' } },
  { group: 'village', colour: '#16a34a', label: { zh: '村、社区、搬迁小区', en: 'Village, community, estate' } },
  { group: 'school', colour: '#f59e0b', label: { zh: '学校', en: 'School' } },
  { group: 'hospital', colour: '#e11d74', label: { zh: '医院', en: 'Hospital' } },
  { group: 'enterprise', colour: '#0891b2', label: { zh: '企业', en: 'Enterprise' } },
  { group: 'social', colour: '#a16207', label: { zh: '社会组织', en: 'Social organisation' } },
  { group: 'government', colour: '#475569', label: { zh: '政府机构', en: 'Government body' } },
  { group: 'other', colour: '#9ca3af', label: { zh: '其他区划', en: 'Other division' } },
];

const SIDES: { side: Side | 'NONE'; shape: 'ellipse' | 'round-rectangle' | 'diamond'; border: string }[] = [
  { side: 'SUPPORTING', shape: 'ellipse', border: '#1d4ed8' },
  { side: 'SUPPORTED', shape: 'round-rectangle', border: '#c2410c' },
  { side: 'NONE', shape: 'diamond', border: '#374151' },
];

const GAP_COLOUR = '#dc2626';

// ---- state --------------------------------------------------------------------------------------------

interface State {
  lang: Lang;
  centerId: string | null;
  centerName: string | null;
  depth: number;
  region: string | null;
  townships: { code: string; name: string }[];
  graph: GraphData | null;
  graphError: Failure | null;
  loading: boolean;
  hits: Hit[] | null;
  searchError: Failure | null;
  searching: boolean;
  unitId: string | null;
  unit: ExplorerUnitQuery | null;
  unitError: Failure | null;
  /** The last refusal by the auth check (cleared by the next answer with the same token). */
  auth: Failure | null;
  /** The export being downloaded (its format), the one downloaded (its file name) or why it failed. */
  exporting: string | null;
  exported: string | null;
  exportError: Failure | null;
}

const state: State = {
  lang: readLang(),
  centerId: null,
  centerName: null,
  depth: 2,
  region: null,
  townships: [],
  graph: null,
  graphError: null,
  loading: false,
  hits: null,
  searchError: null,
  searching: false,
  unitId: null,
  unit: null,
  unitError: null,
  auth: null,
  exporting: null,
  exported: null,
  exportError: null,
};

function readLang(): Lang {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'zh') return fromUrl;
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

const t = (key: Key, values?: Record<string, string | number>) => translate(state.lang, key, values);

// ---- GraphQL over fetch ---------------------------------------------------------------------------------

const printed = new WeakMap<object, string>();

/**
 * Posts a typed operation to /graphql (JSON, which CSRF prevention accepts) with the saved token, and
 * returns its data. Throws {@link RequestFailed}; a refusal by the auth check is noted for the token card.
 */
async function request<R, V>(doc: TypedDocumentNode<R, V>, variables: V): Promise<R> {
  let query = printed.get(doc);
  if (!query) printed.set(doc, (query = print(doc)));
  const token = readToken();
  try {
    const res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...authHeaders(token) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json().catch(() => ({}))) as { data?: R | null; errors?: WireError[] };
    if (body.errors?.length || !body.data) throw new RequestFailed(failureOf(res.status, body.errors ?? [], token !== null));
    noteAnswer(token, null);
    return body.data;
  } catch (err) {
    noteAnswer(token, failureOfError(err, token !== null));
    throw err;
  }
}

/** Keeps the auth check's verdict on the current token: its refusal, or none after an answer it let through. */
function noteAnswer(token: string | null, failure: Failure | null): void {
  if (token !== readToken()) return;
  if (failure && !failure.code) return;
  if (failure?.code === state.auth?.code && failure?.message === state.auth?.message) return;
  state.auth = failure;
  if (failure) ($('token-card') as HTMLDetailsElement).open = true;
  renderToken();
}

/** Why a request failed, for the page: a token is needed, the token was refused or is too weak, or another error. */
function reasonOf(failure: Failure): 'token-needed' | 'token-refused' | 'forbidden' | 'error' {
  if (failure.code === 'UNAUTHENTICATED') return failure.withToken ? 'token-refused' : 'token-needed';
  return failure.code === 'FORBIDDEN' ? 'forbidden' : 'error';
}

/** The text for a failed request, in the page's language. */
function describe(failure: Failure): string {
  const key = ({ 'token-needed': 'tokenNeeded', 'token-refused': 'tokenRefused', forbidden: 'tokenForbidden', error: 'error' } as const)[reasonOf(failure)];
  return t(key, { message: failure.message });
}

// ---- DOM helpers --------------------------------------------------------------------------------------

function $(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`invariant: #${id} missing from index.html`);
  return el;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null) node.append(c);
  return node;
}

const sideOf = (side: Side | null | undefined): Side | 'NONE' => side ?? 'NONE';
const sideLabel = (side: Side | null | undefined) => (side ? SIDE[side][state.lang] : t('sideNone'));
const groupOf = (kind: UnitKind) => GROUPS.find((g) => g.group === KIND_GROUP[kind]) ?? GROUPS[GROUPS.length - 1];
const isGap = (n: GraphNode) => n.demonstration === true && !n.paired;

/** A small swatch in a node's colour and shape. */
function swatch(colour: string, side: Side | 'NONE', extra = ''): HTMLElement {
  return el('span', { class: `swatch shape-${side} ${extra}`.trim(), style: `--fill:${colour}`, 'aria-hidden': 'true' });
}

// ---- static texts and language ------------------------------------------------------------------------

function applyTexts(): void {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('pageTitle');
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n]')) node.textContent = t(node.dataset.i18n as Key);
  for (const node of document.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder as Key);
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n-title]')) node.title = t(node.dataset.i18nTitle as Key);
  const toggle = $('lang-toggle');
  toggle.textContent = t('switchLang');
  toggle.lang = state.lang === 'zh' ? 'en' : 'zh-CN';
  for (const a of document.querySelectorAll<HTMLAnchorElement>('#exports a')) a.title = t('exportTitle', { format: a.textContent ?? '' });
}

function setLang(lang: Lang): void {
  state.lang = lang;
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  applyTexts();
  renderAll();
}

function renderAll(): void {
  renderToken();
  renderExports();
  renderLegend();
  renderSelection();
  renderStatus();
  renderGaps();
  renderHits();
  renderPanel();
}

// ---- legend -------------------------------------------------------------------------------------------

function renderLegend(): void {
  const legend = $('legend');
  legend.replaceChildren();
  legend.append(el('li', { class: 'legend-title' }, t('legendKinds')));
  for (const g of GROUPS) legend.append(el('li', { 'data-testid': `legend-${g.group}` }, swatch(g.colour, 'NONE', 'plain'), g.label[state.lang]));
  legend.append(el('li', { class: 'legend-title' }, t('legendSides')));
  for (const s of SIDES) legend.append(el('li', {}, swatch('#ffffff', s.side), s.side === 'NONE' ? t('sideNone') : SIDE[s.side][state.lang]));
  legend.append(el('li', { class: 'legend-title' }, t('legendMarks')));
  legend.append(el('li', { 'data-testid': 'legend-gap' }, swatch(GROUPS[1].colour, 'SUPPORTED', 'gap'), t('legendGap')));
  legend.append(el('li', {}, swatch('#ffffff', 'NONE', 'center'), t('legendCenter')));
  legend.append(el('li', {}, el('span', { class: 'line pairing', 'aria-hidden': 'true' }), t('legendPairing')));
  legend.append(el('li', {}, el('span', { class: 'line location', 'aria-hidden': 'true' }), t('legendLocation')));
}

// ---- the graph ----------------------------------------------------------------------------------------

let cy: Core | null = null;

function createGraph(): Core {
  const style: cytoscape.StylesheetJson = [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'font-size': 14,
        'font-family': 'system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif',
        color: '#111827',
        'text-valign': 'bottom',
        'text-margin-y': 7,
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': '2px',
        'text-background-shape': 'roundrectangle',
        'min-zoomed-font-size': 14,
        width: 24,
        height: 24,
        'border-width': 3,
        'background-color': '#9ca3af',
      },
    },
    ...GROUPS.map((g) => ({ selector: `node.kg-${g.group}`, style: { 'background-color': g.colour } })),
    // Streets and townships: the hubs, labelled from further out than the units around them.
    { selector: 'node.kg-division', style: { width: 30, height: 30, 'font-size': 15, 'font-weight': 'bold', 'min-zoomed-font-size': 8 } },
    ...SIDES.map((s) => ({ selector: `node.side-${s.side}`, style: { shape: s.shape, 'border-color': s.border } })),
    {
      selector: 'node.gap',
      style: {
        width: 32,
        height: 32,
        'border-color': GAP_COLOUR,
        'border-width': 5,
        'underlay-color': GAP_COLOUR,
        'underlay-padding': 14,
        'underlay-opacity': 0.4,
        'underlay-shape': 'ellipse',
        'font-weight': 'bold',
        'font-size': 18,
        color: '#991b1b',
        'text-margin-y': 12,
        'min-zoomed-font-size': 0,
        'z-index': 8,
      },
    },
    { selector: 'node.center', style: { width: 46, height: 46, 'font-size': 18, 'font-weight': 'bold', 'z-index': 10, 'min-zoomed-font-size': 0 } },
    { selector: 'node:selected', style: { 'border-color': '#111827', 'border-width': 6, 'overlay-opacity': 0 } },
    { selector: 'node.dim', style: { opacity: 0.25 } },
    { selector: 'edge', style: { width: 1.5, 'line-color': '#9ca3af', 'curve-style': 'haystack', 'line-style': 'dashed', opacity: 0.8 } },
    {
      selector: 'edge.PAIRING',
      style: {
        width: 2.5,
        'line-color': '#334155',
        'line-style': 'solid',
        'curve-style': 'bezier',
        'target-arrow-shape': 'triangle',
        'target-arrow-color': '#334155',
        'arrow-scale': 1.1,
        opacity: 1,
      },
    },
    { selector: 'edge.ENDED', style: { 'line-style': 'dotted', opacity: 0.6 } },
    { selector: 'edge.hot', style: { width: 4.5, 'line-color': '#1d4ed8', 'target-arrow-color': '#1d4ed8', 'z-index': 9 } },
    { selector: 'edge.dim', style: { opacity: 0.15 } },
  ];
  const core = cytoscape({ container: $('cy'), style, elements: [], minZoom: 0.15, maxZoom: 4, boxSelectionEnabled: false });
  core.on('tap', 'node', (e) => void openUnit((e.target as NodeSingular).id()));
  core.on('dbltap', 'node', (e) => {
    const node = e.target as NodeSingular;
    void centerOn(node.id(), node.data('label') as string);
  });
  core.on('tap', (e) => {
    if (e.target === core) closePanel();
  });
  return core;
}

function elementsOf(graph: GraphData): ElementDefinition[] {
  const nodes: ElementDefinition[] = graph.nodes.map((n) => ({
    group: 'nodes',
    data: { id: n.id, label: n.label, kind: n.kind },
    classes: [`kg-${KIND_GROUP[n.kind]}`, `side-${sideOf(n.side)}`, isGap(n) ? 'gap' : '', n.id === state.centerId ? 'center' : ''].filter(Boolean).join(' '),
  }));
  const edges: ElementDefinition[] = graph.edges.map((e) => ({
    group: 'edges',
    data: { id: `e:${e.id}`, source: e.source, target: e.target, type: e.type },
    classes: [e.type, e.status ?? ''].filter(Boolean).join(' '),
  }));
  return [...nodes, ...edges];
}

function drawGraph(graph: GraphData): void {
  const core = (cy ??= createGraph());
  core.batch(() => {
    core.elements().remove();
    core.add(elementsOf(graph));
  });
  const center = state.centerId ? core.getElementById(state.centerId) : null;
  if (center && center.nonempty()) {
    const distance = new Map<string, number>();
    core.elements().breadthFirstSearch({
      roots: center,
      visit: (v, _e, _u, _i, depth) => {
        distance.set(v.id(), depth);
      },
    });
    core
      .layout({
        name: 'concentric',
        concentric: (n: NodeSingular) => 10 - (distance.get(n.id()) ?? 9),
        levelWidth: () => 1,
        minNodeSpacing: 28,
        animate: false,
        padding: 30,
      })
      .run();
  } else {
    core.layout({ name: 'cose', animate: false, randomize: true, nodeRepulsion: () => 20000, idealEdgeLength: () => 90, nodeOverlap: 20, padding: 30, numIter: 1500 }).run();
  }
  highlightUnit();
}

/** Marks the open unit and its pairings in the graph. */
function highlightUnit(): void {
  if (!cy) return;
  cy.elements().removeClass('hot').unselect();
  if (!state.unitId) return;
  const node = cy.getElementById(state.unitId);
  if (node.empty()) return;
  node.select();
  node.connectedEdges('.PAIRING').addClass('hot');
}

let graphSeq = 0;

/** Loads and draws the current selection; an answer overtaken by a newer load (another selection or token) is dropped. */
async function loadGraph(): Promise<void> {
  const seq = ++graphSeq;
  state.loading = true;
  state.graphError = null;
  renderStatus();
  renderSelection();
  updateExports();
  writeHash();
  try {
    const variables = state.centerId ? { centerId: state.centerId, depth: state.depth } : { region: state.region };
    const data = await request(ExplorerGraphDocument, { ...variables, limit: 2000 });
    if (seq !== graphSeq) return;
    state.graph = data.graph;
    drawGraph(data.graph);
  } catch (err) {
    if (seq !== graphSeq) return;
    state.graph = null;
    state.graphError = failureOfError(err, readToken() !== null);
    cy?.elements().remove();
  }
  state.loading = false;
  renderStatus();
  renderGaps();
}

function renderStatus(): void {
  const status = $('status');
  status.classList.toggle('error', !!state.graphError);
  if (state.loading) status.textContent = t('loading');
  else if (state.graphError) status.textContent = describe(state.graphError);
  else if (state.graph) {
    const g = state.graph;
    const pairings = g.edges.filter((e) => e.type === 'PAIRING').length;
    status.textContent = t('stats', { nodes: g.nodes.length, edges: g.edges.length, pairings }) + (g.truncated ? ` · ⚠ ${t('truncated')}` : '');
  } else status.textContent = '';
  status.dataset.state = state.loading ? 'loading' : state.graphError ? 'error' : 'ready';
  status.dataset.reason = state.graphError && !state.loading ? reasonOf(state.graphError) : '';
}

function renderSelection(): void {
  const text = state.centerId
    ? t('viewCenter', { name: state.centerName ?? state.centerId, depth: state.depth })
    : state.region
      ? t('viewRegion', { name: state.townships.find((x) => x.code === state.region)?.name ?? state.region })
      : t('viewAll');
  $('selection').textContent = text;
  ($('depth') as HTMLSelectElement).disabled = !state.centerId;
  ($('township') as HTMLSelectElement).value = state.region ?? '';
  ($('reset') as HTMLButtonElement).disabled = !state.centerId && !state.region;
}

function renderGaps(): void {
  const box = $('gaps');
  box.replaceChildren();
  const gaps = (state.graph?.nodes ?? []).filter(isGap);
  $('gaps-count').textContent = state.graph ? String(gaps.length) : '';
  if (!state.graph) return;
  if (gaps.length === 0) {
    box.append(el('p', { class: 'muted' }, t('gapsNone')));
    return;
  }
  box.append(el('p', { class: 'muted' }, t('gapsHint')));
  const list = el('ul', { class: 'chips' });
  for (const n of gaps) {
    const button = el('button', { type: 'button', class: 'chip gap', 'data-testid': `gap-${n.id}` }, n.label);
    button.addEventListener('click', () => void openUnit(n.id, true));
    list.append(el('li', {}, button));
  }
  box.append(list);
}

// ---- exports --------------------------------------------------------------------------------------------

function selectionParams(): URLSearchParams {
  const params = new URLSearchParams();
  if (state.centerId) {
    params.set('centerId', state.centerId);
    params.set('depth', String(state.depth));
  } else if (state.region) params.set('region', state.region);
  return params;
}

function updateExports(): void {
  const query = selectionParams().toString();
  for (const a of document.querySelectorAll<HTMLAnchorElement>('#exports a')) {
    a.href = `/export/graph.${a.dataset.format}${query ? `?${query}` : ''}`;
  }
}

/** Downloads an export with the saved token (a link cannot carry the header): fetched into memory, then saved from a Blob URL. */
async function downloadExport(link: HTMLAnchorElement): Promise<void> {
  const token = readToken();
  const format = link.textContent ?? link.dataset.format ?? '';
  state.exporting = format;
  state.exported = null;
  state.exportError = null;
  renderExports();
  try {
    const res = await fetch(link.href, { headers: authHeaders(token) });
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: WireError };
      throw new RequestFailed(failureOf(res.status, body.error ? [body.error] : [], token !== null));
    }
    const file = fileNameOf(res) ?? `pairing-graph.${link.dataset.format}`;
    saveBlob(await res.blob(), file);
    noteAnswer(token, null);
    state.exported = file;
  } catch (err) {
    state.exportError = failureOfError(err, token !== null);
    noteAnswer(token, state.exportError);
  } finally {
    state.exporting = null;
    renderExports();
  }
}

/** The file name of a download, from its Content-Disposition header. */
function fileNameOf(res: Response): string | null {
  const match = /filename="?([^";]+)"?/i.exec(res.headers.get('content-disposition') ?? '');
  return match ? match[1] : null;
}

/** Saves `blob` as `file` through a temporary Blob URL. */
function saveBlob(blob: Blob, file: string): void {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: file, hidden: '' });
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function renderExports(): void {
  const status = $('export-status');
  status.classList.toggle('error', !!state.exportError);
  if (state.exporting) status.textContent = t('exporting', { format: state.exporting });
  else if (state.exportError) status.textContent = describe(state.exportError);
  else if (state.exported) status.textContent = t('exportDone', { file: state.exported });
  else status.textContent = '';
  status.dataset.state = state.exporting ? 'loading' : state.exportError ? 'error' : state.exported ? 'done' : '';
}

function writeHash(): void {
  const query = selectionParams().toString();
  history.replaceState(null, '', query ? `#${query}` : location.pathname + location.search);
}

function readHash(): void {
  const params = new URLSearchParams(location.hash.slice(1));
  const depth = Number(params.get('depth'));
  if (depth >= 1 && depth <= 4) state.depth = depth;
  state.centerId = params.get('centerId');
  state.region = state.centerId ? null : params.get('region');
}

// ---- search -----------------------------------------------------------------------------------------------

let searchSeq = 0;
let searchTimer: number | undefined;

function onSearchInput(): void {
  const text = ($('search') as HTMLInputElement).value.trim();
  window.clearTimeout(searchTimer);
  if (!text) {
    searchSeq++;
    state.hits = null;
    state.searchError = null;
    state.searching = false;
    renderHits();
    return;
  }
  state.searching = true;
  renderHits();
  searchTimer = window.setTimeout(() => void runSearch(text.slice(0, 50)), 200);
}

async function runSearch(text: string): Promise<void> {
  const seq = ++searchSeq;
  try {
    const data = await request(ExplorerSearchDocument, { text, first: 12 });
    if (seq !== searchSeq) return;
    state.hits = data.search;
    state.searchError = null;
  } catch (err) {
    if (seq !== searchSeq) return;
    state.hits = [];
    state.searchError = failureOfError(err, readToken() !== null);
  }
  state.searching = false;
  renderHits();
}

function renderHits(): void {
  const list = $('search-results');
  list.replaceChildren();
  if (state.searching && !state.hits) {
    list.append(el('li', { class: 'muted' }, t('searching')));
    return;
  }
  if (!state.hits) return;
  if (state.searchError) {
    list.append(el('li', { class: 'error', 'data-testid': 'search-error' }, describe(state.searchError)));
    return;
  }
  if (state.hits.length === 0) {
    list.append(el('li', { class: 'muted', 'data-testid': 'search-empty' }, t('noHits')));
    return;
  }
  for (const hit of state.hits) {
    const u = hit.unit;
    const meta = [UNIT_KIND[u.kind][state.lang], u.region?.name, hit.matchedOn === 'PINYIN' || hit.matchedOn === 'INITIALS' ? MATCH[hit.matchedOn][state.lang] : null]
      .filter(Boolean)
      .join(' · ');
    const button = el(
      'button',
      { type: 'button', class: 'hit', role: 'option', 'data-testid': `search-result-${u.id}`, 'data-id': u.id },
      swatch(groupOf(u.kind).colour, sideOf(u.side)),
      el('span', { class: 'hit-text' }, el('strong', {}, u.name), el('small', {}, meta)),
    );
    button.addEventListener('click', () => void chooseHit(u.id, u.name));
    list.append(el('li', {}, button));
  }
}

async function chooseHit(id: string, name: string): Promise<void> {
  state.hits = null;
  renderHits();
  await Promise.all([centerOn(id, name), openUnit(id)]);
}

// ---- selection changes ------------------------------------------------------------------------------------

async function centerOn(id: string, name: string): Promise<void> {
  state.centerId = id;
  state.centerName = name;
  state.region = null;
  await loadGraph();
}

// ---- side panel ---------------------------------------------------------------------------------------

let unitSeq = 0;

async function openUnit(id: string, focus = false): Promise<void> {
  const seq = ++unitSeq;
  state.unitId = id;
  state.unit = null;
  state.unitError = null;
  renderPanel();
  highlightUnit();
  if (focus && cy) {
    const node = cy.getElementById(id);
    if (node.nonempty()) cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 300 });
  }
  try {
    const data = await request(ExplorerUnitDocument, { id });
    if (seq !== unitSeq) return;
    state.unit = data;
  } catch (err) {
    if (seq !== unitSeq) return;
    state.unitError = failureOfError(err, readToken() !== null);
  }
  renderPanel();
}

function closePanel(): void {
  unitSeq++;
  state.unitId = null;
  state.unit = null;
  renderPanel();
  highlightUnit();
}

function renderPanel(): void {
  const panel = $('panel');
  if (panel.hidden !== !state.unitId) {
    panel.hidden = !state.unitId;
    document.querySelector('.layout')?.classList.toggle('with-panel', !!state.unitId);
    cy?.resize();
  }
  if (!state.unitId) return;
  const facts = $('panel-facts');
  const list = $('counterparts');
  facts.replaceChildren();
  list.replaceChildren();
  const node = state.graph?.nodes.find((n) => n.id === state.unitId);
  $('panel-title').textContent = state.unit?.unit?.name ?? node?.label ?? state.unitId;
  panel.dataset.state = state.unit ? 'ready' : state.unitError ? 'error' : 'loading';
  if (state.unitError) {
    list.append(el('li', { class: 'error', 'data-testid': 'unit-error' }, describe(state.unitError)));
    return;
  }
  if (!state.unit) {
    list.append(el('li', { class: 'muted' }, t('loading')));
    return;
  }
  const unit = state.unit.unit;
  if (!unit) {
    list.append(el('li', { class: 'muted' }, t('unknownUnit')));
    return;
  }
  const fact = (key: Key, value: Node | string) => facts.append(el('dt', {}, t(key)), el('dd', {}, value));
  fact('factKind', el('span', { class: 'with-swatch' }, swatch(groupOf(unit.kind).colour, sideOf(unit.side)), UNIT_KIND[unit.kind][state.lang]));
  fact('factSide', sideLabel(unit.side));
  if (unit.region) fact('factRegion', unit.region.name);
  if (unit.demonstration !== null) fact('factDemonstration', unit.demonstration ? t('yes') : t('no'));
  if (node) fact('factPaired', node.paired ? t('paired') : t('unpaired'));
  fact('factProvenance', PROVENANCE[unit.provenance][state.lang]);
  fact('factId', el('code', {}, unit.id));
  ($('panel-center') as HTMLButtonElement).disabled = state.centerId === unit.id;

  const counterparts = state.unit.counterparts;
  if (counterparts.length === 0) list.append(el('li', { class: 'muted', 'data-testid': 'no-counterparts' }, t('noCounterparts')));
  for (const c of counterparts) {
    const p = c.pairing;
    const dates = [p.since ? t('pairingSince', { date: p.since }) : null, p.until ? t('pairingUntil', { date: p.until }) : null].filter(Boolean).join(' ');
    const name = el('button', { type: 'button', class: 'link', 'data-testid': `counterpart-name-${c.unit.id}` }, c.unit.name);
    name.addEventListener('click', () => void openUnit(c.unit.id, true));
    const source = p.source ? [p.source.publisher, p.source.title, p.source.published].filter(Boolean).join(' · ') : null;
    list.append(
      el(
        'li',
        { class: 'counterpart', 'data-testid': `counterpart-${c.unit.id}`, 'data-id': c.unit.id },
        el('div', { class: 'cp-head' }, swatch(groupOf(c.unit.kind).colour, sideOf(c.unit.side)), name),
        el('div', { class: 'cp-meta' }, `${sideLabel(c.side)} · ${UNIT_KIND[c.unit.kind][state.lang]}`),
        el(
          'div',
          { class: 'cp-pairing' },
          el('span', { class: 'tag' }, PAIRING_KIND[p.kind][state.lang]),
          el('span', { class: 'tag' }, SECTOR[p.sector][state.lang]),
          el('span', { class: `tag status-${p.status}` }, STATUS[p.status][state.lang]),
          p.provenance === 'PLACEHOLDER' ? el('span', { class: 'tag placeholder' }, PROVENANCE[p.provenance][state.lang]) : null,
        ),
        dates ? el('div', { class: 'cp-meta' }, dates) : null,
        source ? el('div', { class: 'cp-source' }, `${t('sourceLabel')}: ${source}`) : null,
      ),
    );
  }
}

// ---- access token ---------------------------------------------------------------------------------------

function renderToken(): void {
  const set = readToken() !== null;
  const badge = $('token-state');
  badge.textContent = set ? t('tokenSet') : t('tokenUnset');
  badge.classList.toggle('set', set);
  ($('token-clear') as HTMLButtonElement).disabled = !set;
  const notice = $('token-notice');
  notice.hidden = !state.auth;
  notice.textContent = state.auth ? describe(state.auth) : '';
  notice.dataset.reason = state.auth ? reasonOf(state.auth) : '';
}

/** Saves the typed token (or clears it, when empty) and loads everything again with it. */
function onTokenSubmit(event: Event): void {
  event.preventDefault();
  const input = $('token-input') as HTMLInputElement;
  saveToken(input.value);
  input.value = '';
  tokenChanged();
}

function onTokenClear(): void {
  clearToken();
  ($('token-input') as HTMLInputElement).value = '';
  tokenChanged();
}

/** After the token changed: forgets the old verdict and asks again for everything the page shows. */
function tokenChanged(): void {
  state.auth = null;
  state.exported = null;
  state.exportError = null;
  renderToken();
  renderExports();
  void loadTownships();
  void loadGraph();
  onSearchInput();
  if (state.unitId) void openUnit(state.unitId);
}

// ---- start ------------------------------------------------------------------------------------------------

let townshipsSeq = 0;

/** Fills the township filter (again after the token changed; an overtaken answer is dropped). */
async function loadTownships(): Promise<void> {
  const seq = ++townshipsSeq;
  try {
    const data = await request(ExplorerTownshipsDocument, { county: COUNTY });
    if (seq !== townshipsSeq) return;
    state.townships = (data.region?.children ?? []).map((c) => ({ code: c.code, name: c.name }));
  } catch {
    if (seq !== townshipsSeq) return;
    state.townships = [];
  }
  const select = $('township') as HTMLSelectElement;
  const all = select.querySelector('option[value=""]');
  select.replaceChildren(...(all ? [all] : []), ...state.townships.map((tw) => el('option', { value: tw.code, 'data-testid': `township-${tw.code}` }, tw.name)));
  renderSelection();
}

function start(): void {
  readHash();
  applyTexts();
  renderAll();
  $('lang-toggle').addEventListener('click', () => setLang(state.lang === 'zh' ? 'en' : 'zh'));
  $('token-form').addEventListener('submit', onTokenSubmit);
  $('token-clear').addEventListener('click', onTokenClear);
  $('exports').addEventListener('click', (event) => {
    const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-format]');
    // Without a token and with reads open, the link downloads as it is: the browser streams the file to disk
    // (a whole-graph export is hundreds of MB). With a token, or when the service has asked for one, the page
    // fetches it with the header (held in memory) or shows why it cannot.
    if (!link || (readToken() === null && state.auth === null)) return;
    event.preventDefault();
    void downloadExport(link);
  });
  $('search').addEventListener('input', onSearchInput);
  $('search').addEventListener('keydown', (e) => {
    if ((e as KeyboardEvent).key === 'Enter' && state.hits?.length) void chooseHit(state.hits[0].unit.id, state.hits[0].unit.name);
    if ((e as KeyboardEvent).key === 'Escape') {
      ($('search') as HTMLInputElement).value = '';
      onSearchInput();
    }
  });
  $('depth').addEventListener('change', () => {
    state.depth = Number(($('depth') as HTMLSelectElement).value);
    void loadGraph();
  });
  ($('depth') as HTMLSelectElement).value = String(state.depth);
  $('township').addEventListener('change', () => {
    state.region = ($('township') as HTMLSelectElement).value || null;
    state.centerId = null;
    state.centerName = null;
    void loadGraph();
  });
  $('reset').addEventListener('click', () => {
    state.centerId = null;
    state.centerName = null;
    state.region = null;
    void loadGraph();
  });
  $('panel-close').addEventListener('click', closePanel);
  $('panel-center').addEventListener('click', () => {
    const u = state.unit?.unit;
    if (u) void centerOn(u.id, u.name);
  });
  window.addEventListener('resize', () => cy?.resize());
  void loadTownships();
  void loadGraph().then(() => {
    if (state.centerId) {
      state.centerName = state.graph?.nodes.find((n) => n.id === state.centerId)?.label ?? null;
      renderSelection();
      void openUnit(state.centerId);
    }
  });
}

start();
