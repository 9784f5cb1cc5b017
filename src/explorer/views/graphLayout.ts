// The columns layout of the graph view, for planners: supporting units on the left, supported units on the
// right, each in a box per region (the supporting side also per kind), pairings drawn across. Units with no
// pairing in the view are not drawn in rows but counted in one grey pill per box (unpaired demonstration
// villages and the center unit are always drawn). Location links are left out: the boxes show them.
import type { ElementDefinition } from 'cytoscape';
import type { ExplorerGraphQuery } from '../../generated/operations';
import { getLang, t } from '../i18n';
import { GROUPS, KIND_GROUP, sideOf } from './graphStyle';

type GraphData = ExplorerGraphQuery['graph'];
type GraphNode = GraphData['nodes'][number];

/** Width and height of one unit's cell, in model pixels: wide enough for a 10-character label at 16 px. */
const CELL_W = 175;
const CELL_H = 58;
/** At most this many units side by side in a box: both sides fit a laptop's width at a legible zoom. */
const MAX_COLS = 3;
/** Space between boxes, and between the two sides (where the pairings run). */
const BOX_GAP = 80;
const SIDE_GAP = 330;

/** True for a demonstration village with no active pairing. */
export const isGap = (n: GraphNode) => n.demonstration === true && !n.paired;

interface Box {
  key: string;
  side: 'SUPPORTING' | 'SUPPORTED' | 'NONE';
  label: string;
  order: string;
  nodes: GraphNode[];
  hidden: number;
}

/** What the columns layout draws: the elements with their positions, and how many units it counted instead of drawing. */
export interface ColumnsLayout {
  elements: ElementDefinition[];
  collapsed: number;
}

/**
 * Returns the elements of `graph` laid out in columns (positions set, for Cytoscape's `preset` layout), with
 * `classesOf` giving each drawn unit's classes. Region names come from the graph's own division nodes, then
 * `regionNames` (a code in neither is shown as is). Never throws.
 */
export function columnsLayout(graph: GraphData, centerId: string | null, classesOf: (n: GraphNode) => string, regionNames: Map<string, string>): ColumnsLayout {
  const lang = getLang();
  const names = new Map([...regionNames, ...graph.nodes.map((n) => [n.id, n.label] as const)]);
  const pairings = graph.edges.filter((e) => e.type === 'PAIRING');
  const touched = new Set(pairings.flatMap((e) => [e.source, e.target]));
  const boxes = new Map<string, Box>();
  for (const n of graph.nodes) {
    const side = sideOf(n.side);
    const kindGroup = KIND_GROUP[n.kind];
    const region = n.region ?? '';
    const regionName = region ? (names.get(region) ?? region) : t('noRegion');
    // The supporting side is one district in most data: boxes per kind of unit keep it readable.
    const byKind = side !== 'SUPPORTED';
    const key = `${side}|${region}|${byKind ? kindGroup : ''}`;
    let box = boxes.get(key);
    if (!box) {
      const kindLabel = GROUPS.find((g) => g.group === kindGroup)?.label[lang] ?? kindGroup;
      box = {
        key,
        side,
        label: byKind ? `${regionName} · ${kindLabel}` : regionName,
        order: byKind ? `${region}|${GROUPS.findIndex((g) => g.group === kindGroup)}` : region,
        nodes: [],
        hidden: 0,
      };
      boxes.set(key, box);
    }
    if (touched.has(n.id) || isGap(n) || n.id === centerId) box.nodes.push(n);
    else box.hidden++;
  }

  const elements: ElementDefinition[] = [];
  const drawn = new Set<string>();
  let collapsed = 0;
  const columns: Box['side'][][] = [['SUPPORTING', 'NONE'], ['SUPPORTED']];
  columns.forEach((sides, column) => {
    const x0 = column * ((MAX_COLS - 1) * CELL_W + SIDE_GAP);
    let y = 0;
    const inColumn = [...boxes.values()].filter((b) => sides.includes(b.side)).sort((a, b) => sides.indexOf(a.side) - sides.indexOf(b.side) || a.order.localeCompare(b.order));
    for (const box of inColumn) {
      const items = box.nodes.length + (box.hidden ? 1 : 0);
      const cols = Math.min(MAX_COLS, Math.max(1, Math.ceil(Math.sqrt(items * 3))));
      const parent = `group:${box.key}`;
      elements.push({ group: 'nodes', data: { id: parent, label: box.label }, classes: `group side-${box.side}`, selectable: false });
      box.nodes
        .sort((a, b) => KIND_GROUP[a.kind].localeCompare(KIND_GROUP[b.kind]) || a.label.localeCompare(b.label, 'zh-CN', { numeric: true }))
        .forEach((n, i) => {
          drawn.add(n.id);
          elements.push({
            group: 'nodes',
            data: { id: n.id, label: n.label, kind: n.kind, parent },
            classes: classesOf(n),
            position: { x: x0 + (i % cols) * CELL_W, y: y + Math.floor(i / cols) * CELL_H },
          });
        });
      if (box.hidden) {
        collapsed += box.hidden;
        const i = box.nodes.length;
        elements.push({
          group: 'nodes',
          data: { id: `collapsed:${box.key}`, label: t('collapsedCount', { count: box.hidden }), parent, count: box.hidden },
          classes: 'collapsed',
          selectable: false,
          position: { x: x0 + (i % cols) * CELL_W, y: y + Math.floor(i / cols) * CELL_H },
        });
      }
      y += Math.ceil(items / cols) * CELL_H + BOX_GAP;
    }
  });
  for (const e of pairings) {
    if (!drawn.has(e.source) || !drawn.has(e.target)) continue;
    elements.push({ group: 'edges', data: { id: `e:${e.id}`, source: e.source, target: e.target, type: e.type }, classes: [e.type, e.status ?? ''].filter(Boolean).join(' ') });
  }
  return { elements, collapsed };
}

/** Returns the codes of the regions the graph's units lie in that are not themselves in the graph. */
export function missingRegions(graph: GraphData): string[] {
  const ids = new Set(graph.nodes.map((n) => n.id));
  return [...new Set(graph.nodes.map((n) => n.region).filter((r): r is string => !!r && !ids.has(r)))];
}
