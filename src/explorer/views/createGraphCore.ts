// The graph view's Cytoscape.js canvas: the core and its taps, the elements of the classic layout, where the
// layouts place them, and a fit that keeps the labels legible.
import cytoscape, { type Core, type ElementDefinition, type NodeSingular } from 'cytoscape';
import type { ExplorerGraphQuery } from '../../generated/operations';
import { $ } from '../dom';
import { graphStylesheet } from './graphStyle';

/** The graph as the explorer's query answers it. */
export type GraphData = ExplorerGraphQuery['graph'];
/** The graph view's layouts: supporting | supported columns, or today's network. */
export type Layout = 'columns' | 'classic';

declare global {
  interface Window {
    /** The graph's Cytoscape.js instance, for tests that read what is drawn where. */
    pairingGraphCy?: Core;
  }
}

/** What taps on the canvas do: on a unit, open it or (double tap) center the graph on it; on the background. */
export interface GraphTaps {
  open(id: string): void;
  center(id: string, name: string): void;
  background(): void;
}

/** Returns a new Cytoscape.js core drawn into #cy with the graph's style and `taps` wired (and sets `window.pairingGraphCy`); throws only when #cy is missing. */
export function createGraphCore(taps: GraphTaps): Core {
  const core = cytoscape({ container: $('cy'), style: graphStylesheet(), elements: [], minZoom: 0.1, maxZoom: 4, boxSelectionEnabled: false });
  window.pairingGraphCy = core;
  core.on('tap', 'node', (e) => {
    const node = e.target as NodeSingular;
    if (!node.hasClass('group') && !node.hasClass('collapsed')) taps.open(node.id());
  });
  core.on('dbltap', 'node', (e) => {
    const node = e.target as NodeSingular;
    if (!node.hasClass('group') && !node.hasClass('collapsed')) taps.center(node.id(), node.data('label') as string);
  });
  core.on('tap', (e) => {
    if (e.target === core) taps.background();
  });
  return core;
}

/** Returns the elements of the classic layout: every unit and edge of `graph`, classed by `classesOf`; never throws. */
export function classicElements(graph: GraphData, classesOf: (n: GraphData['nodes'][number]) => string): ElementDefinition[] {
  const nodes: ElementDefinition[] = graph.nodes.map((n) => ({ group: 'nodes', data: { id: n.id, label: n.label, kind: n.kind }, classes: classesOf(n) }));
  const edges: ElementDefinition[] = graph.edges.map((e) => ({
    group: 'edges',
    data: { id: `e:${e.id}`, source: e.source, target: e.target, type: e.type },
    classes: [e.type, e.status ?? ''].filter(Boolean).join(' '),
  }));
  return [...nodes, ...edges];
}

/** Places the elements drawn: as the columns layout laid them, around the center unit, or by force; never throws. */
export function placeElements(core: Core, layout: Layout, centerId: string | null): void {
  const center = centerId ? core.getElementById(centerId) : null;
  if (layout === 'columns') core.layout({ name: 'preset', fit: false }).run();
  else if (center && center.nonempty()) {
    const distance = new Map<string, number>();
    core.elements().breadthFirstSearch({ roots: center, visit: (v, _e, _u, _i, depth) => void distance.set(v.id(), depth) });
    core.layout({ name: 'concentric', concentric: (n: NodeSingular) => 10 - (distance.get(n.id()) ?? 9), levelWidth: () => 1, minNodeSpacing: 28, animate: false, padding: 30 }).run();
  } else {
    core.layout({ name: 'cose', animate: false, randomize: true, nodeRepulsion: () => 20000, idealEdgeLength: () => 90, nodeOverlap: 20, padding: 30, numIter: 1500 }).run();
  }
}

/** The lowest zoom at which the labels (16 px) stay legible, about 12 px on screen. */
const LEGIBLE = 0.75;

/**
 * Zooms so that everything fits; when that would make the labels too small, fits the width instead (both
 * sides stay in view) at no less than the legible zoom, and shows the top: the rest is a pan or scroll away.
 * Returns nothing; throws only when the page has no #status.
 */
export function legibleFit(core: Core): void {
  const box = core.elements().boundingBox();
  if (!box.w || !box.h) return;
  // Room at the top of the stage for the status line (two lines on a phone).
  const TOP = $('status').offsetHeight + 28;
  const byWidth = (core.width() - 40) / box.w;
  const byHeight = (core.height() - TOP - 20) / box.h;
  const zoom = Math.min(1.4, Math.max(LEGIBLE, Math.min(byWidth, byHeight) >= LEGIBLE ? Math.min(byWidth, byHeight) : byWidth));
  core.zoom(zoom);
  const x = Math.max(20, (core.width() - box.w * zoom) / 2);
  const y = byHeight >= zoom ? (core.height() - box.h * zoom) / 2 + TOP / 2 : TOP;
  core.pan({ x: x - box.x1 * zoom, y: y - box.y1 * zoom });
}
