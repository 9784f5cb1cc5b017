// How the graph view looks: fill by kind of unit, shape and border by side, the red ring of an unpaired
// demonstration village, the Cytoscape.js stylesheet and the legend that explains them.
import type cytoscape from 'cytoscape';
import type { Side, UnitKind } from '../../generated/operations';
import { el } from '../dom';
import { SIDE, getLang, t, type Lang } from '../i18n';

export type KindGroup = 'division' | 'village' | 'school' | 'hospital' | 'enterprise' | 'social' | 'government' | 'other';

/** The colour group of each kind of unit. */
export const KIND_GROUP: Record<UnitKind, KindGroup> = {
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

/** The colour groups in legend order, with their colour and label. */
export const GROUPS: { group: KindGroup; colour: string; label: Record<Lang, string> }[] = [
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

/** Returns the side as the styles key it (no side: NONE). */
export const sideOf = (side: Side | null | undefined): Side | 'NONE' => side ?? 'NONE';
/** Returns the colour group of a kind (unknown: the last, "other"). */
export const groupOf = (kind: UnitKind) => GROUPS.find((g) => g.group === KIND_GROUP[kind]) ?? GROUPS[GROUPS.length - 1];
/** Returns the side's label in the page's language. */
export const sideLabel = (side: Side | null | undefined) => (side ? SIDE[side][getLang()] : t('sideNone'));

/** Returns a small swatch in a node's colour and shape. */
export function swatch(colour: string, side: Side | 'NONE', extra = ''): HTMLElement {
  return el('span', { class: `swatch shape-${side} ${extra}`.trim(), style: `--fill:${colour}`, 'aria-hidden': 'true' });
}

/** Fills `legend` (a list) with the meaning of colours, shapes and lines; returns nothing. */
export function renderLegend(legend: HTMLElement): void {
  const lang = getLang();
  legend.replaceChildren();
  legend.append(el('li', { class: 'legend-title' }, t('legendKinds')));
  for (const g of GROUPS) legend.append(el('li', { 'data-testid': `legend-${g.group}` }, swatch(g.colour, 'NONE', 'plain'), g.label[lang]));
  legend.append(el('li', { class: 'legend-title' }, t('legendSides')));
  for (const s of SIDES) legend.append(el('li', {}, swatch('#ffffff', s.side), s.side === 'NONE' ? t('sideNone') : SIDE[s.side][lang]));
  legend.append(el('li', { class: 'legend-title' }, t('legendMarks')));
  legend.append(el('li', { 'data-testid': 'legend-gap' }, swatch(GROUPS[1].colour, 'SUPPORTED', 'gap'), t('legendGap')));
  legend.append(el('li', {}, swatch('#ffffff', 'NONE', 'center'), t('legendCenter')));
  legend.append(el('li', {}, el('span', { class: 'line pairing', 'aria-hidden': 'true' }), t('legendPairing')));
  legend.append(el('li', {}, el('span', { class: 'line location', 'aria-hidden': 'true' }), t('legendLocation')));
  legend.append(el('li', {}, el('span', { class: 'swatch collapsed', 'aria-hidden': 'true' }), t('legendCollapsed')));
}

/** Returns the Cytoscape.js stylesheet of the graph. */
export function graphStylesheet(): cytoscape.StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'font-size': 16,
        'font-family': 'system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif',
        color: '#111827',
        'text-valign': 'bottom',
        'text-margin-y': 6,
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': '2px',
        'text-background-shape': 'roundrectangle',
        'text-wrap': 'ellipsis',
        'text-max-width': '165px',
        'min-zoomed-font-size': 9,
        width: 22,
        height: 22,
        'border-width': 3,
        'background-color': '#9ca3af',
      },
    },
    ...GROUPS.map((g) => ({ selector: `node.kg-${g.group}`, style: { 'background-color': g.colour } })),
    // Streets and townships: the hubs, labelled from further out than the units around them.
    { selector: 'node.kg-division', style: { width: 28, height: 28, 'font-weight': 'bold', 'min-zoomed-font-size': 6 } },
    ...SIDES.map((s) => ({ selector: `node.side-${s.side}`, style: { shape: s.shape, 'border-color': s.border } })),
    {
      selector: 'node.gap',
      style: {
        width: 30,
        height: 30,
        'border-color': GAP_COLOUR,
        'border-width': 5,
        'underlay-color': GAP_COLOUR,
        'underlay-padding': 10,
        'underlay-opacity': 0.4,
        'underlay-shape': 'ellipse',
        'font-weight': 'bold',
        color: '#991b1b',
        'text-margin-y': 10,
        'min-zoomed-font-size': 0,
        'z-index': 8,
      },
    },
    { selector: 'node.center', style: { width: 42, height: 42, 'font-size': 18, 'font-weight': 'bold', 'z-index': 10, 'min-zoomed-font-size': 0 } },
    // Columns layout: a box per region (and kind), titled above; a grey pill counts the units left out.
    {
      selector: 'node.group',
      style: {
        shape: 'round-rectangle',
        'background-color': '#f8fafc',
        'background-opacity': 1,
        'border-width': 2,
        'border-color': '#cbd5e1',
        label: 'data(label)',
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': -4,
        'font-size': 17,
        'font-weight': 'bold',
        color: '#1e293b',
        'text-background-opacity': 0,
        'text-max-width': '900px',
        padding: '14px',
        'min-zoomed-font-size': 0,
      },
    },
    { selector: 'node.group.side-SUPPORTING', style: { 'border-color': '#93c5fd' } },
    { selector: 'node.group.side-SUPPORTED', style: { 'border-color': '#fdba74' } },
    {
      selector: 'node.collapsed',
      style: {
        shape: 'round-rectangle',
        width: 150,
        height: 26,
        'background-color': '#e5e7eb',
        'border-width': 2,
        'border-color': '#9ca3af',
        'border-style': 'dashed',
        'text-valign': 'center',
        'text-margin-y': 0,
        'text-background-opacity': 0,
        'font-size': 14,
        color: '#374151',
        'min-zoomed-font-size': 0,
      },
    },
    { selector: 'node:selected', style: { 'border-color': '#111827', 'border-width': 6, 'overlay-opacity': 0 } },
    { selector: 'node.dim', style: { opacity: 0.25 } },
    { selector: 'edge', style: { width: 1.5, 'line-color': '#9ca3af', 'curve-style': 'haystack', 'line-style': 'dashed', opacity: 0.8 } },
    {
      selector: 'edge.PAIRING',
      style: {
        width: 2,
        'line-color': '#64748b',
        'line-style': 'solid',
        'curve-style': 'bezier',
        'target-arrow-shape': 'triangle',
        'target-arrow-color': '#64748b',
        'arrow-scale': 1,
        opacity: 0.75,
      },
    },
    { selector: 'edge.ENDED', style: { 'line-style': 'dotted', opacity: 0.6 } },
    { selector: 'edge.hot', style: { width: 4.5, 'line-color': '#1d4ed8', 'target-arrow-color': '#1d4ed8', opacity: 1, 'z-index': 9 } },
    { selector: 'edge.dim', style: { opacity: 0.15 } },
  ];
}
