// 图谱 (graph view): the cooperation drawn with Cytoscape.js — the whole of it, one township, or the units
// around a unit found by search — in columns (supporting | supported, boxed by region, unpaired units counted)
// or as today's network; unpaired demonstration villages ringed in red and listed; a unit's counterparts in
// the side panel; the selection exported. The selection lives in the hash: #graph?centerId=…&depth=2.
import type { Core, ElementDefinition } from 'cytoscape';
import { ExplorerGraphDocument, ExplorerRegionNameDocument, ExplorerTownshipsDocument } from '../../generated/operations';
import { describe, failureNow, reasonOf, request } from '../api';
import { $, el } from '../dom';
import { t } from '../i18n';
import type { Failure } from '../token';
import { classicElements, createGraphCore, legibleFit, placeElements, type GraphData, type Layout } from './createGraphCore';
import { GraphExports } from './GraphExports';
import { columnsLayout, isGap, missingRegions } from './graphLayout';
import { UnitSearch } from './graphSearch';
import { KIND_GROUP, renderLegend, sideOf } from './graphStyle';
import { UnitPanel } from './unitPanel';

/** 卓资县: the county whose townships the filter lists, and whose cooperation is drawn without one. */
const COUNTY = '150921000000';

type GraphNode = GraphData['nodes'][number];

const state = {
  centerId: null as string | null,
  centerName: null as string | null,
  depth: 2,
  region: null as string | null,
  layout: 'columns' as Layout,
  townships: [] as { code: string; name: string }[],
  graph: null as GraphData | null,
  graphError: null as Failure | null,
  loading: false,
  collapsed: 0,
};

let cy: Core | null = null;
/** Names of divisions the graph does not draw (the boxes' titles), asked once per code. */
const regionNames = new Map<string, string>();
let started = false;
let graphSeq = 0;
let townshipsSeq = 0;

const search = new UnitSearch((id, name) => Promise.all([centerOn(id, name), panel.open(id)]).then(() => undefined));

const panel = new UnitPanel({
  nodeOf: (id) => state.graph?.nodes.find((n) => n.id === id),
  centerId: () => state.centerId,
  highlight,
  centerOn: (id, name) => void centerOn(id, name),
  resized: () => cy?.resize(),
});

const exportLinks = new GraphExports(() => selectionParams().toString());

const classesOf = (n: GraphNode) =>
  [`kg-${KIND_GROUP[n.kind]}`, `side-${sideOf(n.side)}`, isGap(n) ? 'gap' : '', n.id === state.centerId ? 'center' : ''].filter(Boolean).join(' ');

/** Asks the names of the divisions the graph's units lie in but that it does not draw; redraws when they came. */
async function loadRegionNames(graph: GraphData): Promise<void> {
  const codes = missingRegions(graph).filter((c) => !regionNames.has(c));
  $('cy').dataset.regions = codes.length ? 'loading' : 'named';
  if (!codes.length) return;
  const answers = await Promise.all(codes.map((code) => request(ExplorerRegionNameDocument, { code }).catch(() => null)));
  for (const [i, a] of answers.entries()) regionNames.set(codes[i], a?.region?.name ?? codes[i]);
  if (state.graph === graph && state.layout === 'columns') drawGraph(graph);
  $('cy').dataset.regions = 'named';
}

function drawGraph(graph: GraphData): void {
  const core = (cy ??= createGraphCore({ open: (id) => void panel.open(id), center: (id, name) => void centerOn(id, name), background: () => panel.close() }));
  let elements: ElementDefinition[];
  if (state.layout === 'columns') {
    const laid = columnsLayout(graph, state.centerId, classesOf, regionNames);
    elements = laid.elements;
    state.collapsed = laid.collapsed;
  } else {
    elements = classicElements(graph, classesOf);
    state.collapsed = 0;
  }
  core.batch(() => {
    core.elements().remove();
    core.add(elements);
  });
  placeElements(core, state.layout, state.centerId);
  renderStatus();
  legibleFit(core);
  highlight(panel.openId, false);
}

/** Marks the open unit and its pairings in the graph; with `focus`, moves the view onto it. */
function highlight(id: string | null, focus: boolean): void {
  if (!cy) return;
  cy.elements().removeClass('hot').unselect();
  if (!id) return;
  const node = cy.getElementById(id);
  if (node.empty()) return;
  node.select();
  node.connectedEdges('.PAIRING').addClass('hot');
  if (focus) cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 300 });
}

/** Loads and draws the current selection; an answer overtaken by a newer load (another selection or token) is dropped. */
async function loadGraph(): Promise<void> {
  const seq = ++graphSeq;
  state.loading = true;
  state.graphError = null;
  renderStatus();
  renderSelection();
  exportLinks.update();
  writeHash();
  try {
    // Without a township: the county's whole cooperation (its units and their partners), not every unit of the country.
    const variables = state.centerId ? { centerId: state.centerId, depth: state.depth } : { region: state.region ?? COUNTY };
    const data = await request(ExplorerGraphDocument, { ...variables, limit: 2000 });
    if (seq !== graphSeq) return;
    state.graph = data.graph;
    state.loading = false;
    drawGraph(data.graph);
    void loadRegionNames(data.graph);
  } catch (err) {
    if (seq !== graphSeq) return;
    state.graph = null;
    state.graphError = failureNow(err);
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
    status.textContent =
      t('stats', { nodes: g.nodes.length, edges: g.edges.length, pairings }) +
      (state.collapsed ? ` · ${t('statsCollapsed', { count: state.collapsed })}` : '') +
      (g.truncated ? ` · ⚠ ${t('truncated')}` : '');
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
  ($('layout') as HTMLSelectElement).value = state.layout;
  ($('reset') as HTMLButtonElement).disabled = !state.centerId && !state.region;
}

function renderGaps(): void {
  const box = $('graph-gaps');
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
    button.addEventListener('click', () => void panel.open(n.id, true));
    list.append(el('li', {}, button));
  }
  box.append(list);
}

// ---- exports and the hash ---------------------------------------------------------------------------------

function selectionParams(): URLSearchParams {
  const params = new URLSearchParams();
  if (state.centerId) {
    params.set('centerId', state.centerId);
    params.set('depth', String(state.depth));
  } else if (state.region) params.set('region', state.region);
  return params;
}

function writeHash(): void {
  const params = selectionParams();
  if (state.layout !== 'columns') params.set('layout', state.layout);
  const query = params.toString();
  history.replaceState(null, '', `#graph${query ? `?${query}` : ''}`);
}

function readParams(params: URLSearchParams): void {
  const depth = Number(params.get('depth'));
  if (depth >= 1 && depth <= 4) state.depth = depth;
  state.centerId = params.get('centerId');
  state.region = state.centerId ? null : params.get('region');
  state.layout = params.get('layout') === 'classic' ? 'classic' : 'columns';
}

async function centerOn(id: string, name: string): Promise<void> {
  state.centerId = id;
  state.centerName = name;
  state.region = null;
  await loadGraph();
}

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

function wire(): void {
  exportLinks.wire();
  search.wire();
  $('depth').addEventListener('change', () => {
    state.depth = Number(($('depth') as HTMLSelectElement).value);
    void loadGraph();
  });
  $('township').addEventListener('change', () => {
    state.region = ($('township') as HTMLSelectElement).value || null;
    state.centerId = null;
    state.centerName = null;
    void loadGraph();
  });
  $('layout').addEventListener('change', () => {
    state.layout = ($('layout') as HTMLSelectElement).value === 'classic' ? 'classic' : 'columns';
    writeHash();
    if (state.graph) drawGraph(state.graph);
    renderStatus();
  });
  $('reset').addEventListener('click', () => {
    state.centerId = null;
    state.centerName = null;
    state.region = null;
    void loadGraph();
  });
  const zoomBy = (factor: number) => cy?.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  $('zoom-in').addEventListener('click', () => zoomBy(1.25));
  $('zoom-out').addEventListener('click', () => zoomBy(0.8));
  $('zoom-fit').addEventListener('click', () => cy?.fit(undefined, 30));
  $('panel').addEventListener('keydown', (e) => {
    if ((e as KeyboardEvent).key === 'Escape') panel.close();
  });
  window.addEventListener('resize', () => cy?.resize());
}

/** The graph view, for the router. */
export const graphView = {
  /** Shows the view with the selection of the hash's parameters; loads the graph the first time and when the selection changed. */
  show(params: URLSearchParams): void {
    const before = selectionParams().toString() + state.layout;
    readParams(params);
    ($('depth') as HTMLSelectElement).value = String(state.depth);
    if (!started) {
      started = true;
      wire();
      void loadTownships();
      void loadGraph().then(() => {
        if (state.centerId) {
          state.centerName = state.graph?.nodes.find((n) => n.id === state.centerId)?.label ?? null;
          renderSelection();
          void panel.open(state.centerId);
        }
      });
      return;
    }
    cy?.resize();
    if (selectionParams().toString() + state.layout !== before) void loadGraph();
    else writeHash();
  },
  /** Draws every text again in the page's language. */
  texts(): void {
    renderLegend($('legend'));
    renderSelection();
    renderStatus();
    renderGaps();
    search.render();
    exportLinks.render();
    panel.render();
    if (state.graph && state.layout === 'columns' && cy) drawGraph(state.graph);
  },
  /** Asks again for everything the view shows, with the new token. */
  tokenChanged(): void {
    exportLinks.reset();
    if (!started) return;
    void loadTownships();
    void loadGraph();
    search.input();
    if (panel.openId) void panel.open(panel.openId);
  },
};
