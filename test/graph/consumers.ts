import { execFile } from 'node:child_process';
import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import cytoscape from 'cytoscape';
import Graph from 'graphology';
import * as gexf from 'graphology-gexf';
import * as graphml from 'graphology-graphml';

/**
 * Real consumers of the exports, none written by this project: graphology's GraphML and GEXF parsers
 * (behind a strict XML well-formedness check with @xmldom/xmldom), Cytoscape.js headless, and d3-force
 * (ESM only, so run in a child `node --input-type=module`). Each returns the graph as it understood it.
 */

export type Attrs = Record<string, unknown>;

/** A graph as a consumer read it: nodes and edges with their attributes, by id. */
export interface ConsumedGraph {
  nodes: Map<string, Attrs>;
  edges: Map<string, { source: string; target: string; attrs: Attrs }>;
}

const root = path.resolve(__dirname, '../..');

/** Throws unless `xml` is well-formed XML with `rootName` as its root (xmldom reports any error or warning). */
export function checkWellFormed(xml: string, rootName: string): void {
  const problems: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => void problems.push(`${level}: ${message}`) }).parseFromString(xml, 'application/xml');
  if (problems.length) throw new Error(`not well-formed XML: ${problems.join('; ')}`);
  if (doc.documentElement?.localName !== rootName) throw new Error(`root is ${doc.documentElement?.localName}, expected ${rootName}`);
}

function fromGraphology(g: Graph): ConsumedGraph {
  const nodes = new Map<string, Attrs>();
  g.forEachNode((id, attrs) => void nodes.set(id, attrs));
  const edges = new Map<string, { source: string; target: string; attrs: Attrs }>();
  g.forEachEdge((id, attrs, source, target) => void edges.set(id, { source, target, attrs }));
  if (edges.size !== g.size) throw new Error('edge ids repeat');
  return { nodes, edges };
}

/** Reads GraphML with graphology-graphml; an edge to a missing node throws. */
export function readGraphml(xml: string): ConsumedGraph & { graph: Graph } {
  checkWellFormed(xml, 'graphml');
  const graph = graphml.parse(Graph, xml);
  return { ...fromGraphology(graph), graph };
}

/** Reads GEXF with graphology-gexf; an edge to a missing node or an undeclared attribute throws. */
export function readGexf(xml: string): ConsumedGraph & { graph: Graph } {
  checkWellFormed(xml, 'gexf');
  const graph = gexf.parse(Graph, xml);
  return { ...fromGraphology(graph), graph };
}

/** Loads a .cyjs document into headless Cytoscape.js; an edge to a missing node throws (Cytoscape only warns). */
export function readCyjs(text: string): ConsumedGraph & { cy: cytoscape.Core } {
  const doc = JSON.parse(text) as { elements: cytoscape.ElementsDefinition };
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  let cy: cytoscape.Core;
  try {
    cy = cytoscape({ headless: true, styleEnabled: false, elements: doc.elements });
    const complaints = [...warn.mock.calls, ...error.mock.calls];
    if (complaints.length) throw new Error(`cytoscape complained: ${complaints.map((c) => c.join(' ')).join('; ')}`);
  } finally {
    warn.mockRestore();
    error.mockRestore();
  }
  const nodes = new Map<string, Attrs>();
  cy.nodes().forEach((n) => void nodes.set(n.id(), n.data() as Attrs));
  const edges = new Map<string, { source: string; target: string; attrs: Attrs }>();
  cy.edges().forEach((e) => void edges.set(e.id(), { source: e.source().id(), target: e.target().id(), attrs: e.data() as Attrs }));
  return { nodes, edges, cy };
}

/** What the d3-force child reports. */
export interface D3Result extends ConsumedGraph {
  /** Links whose source and target d3 replaced by node objects. */
  resolved: number;
  /** Whether every node got finite x and y after some ticks. */
  laidOut: boolean;
}

const D3_SCRIPT = `
import { forceSimulation, forceLink, forceManyBody, forceCenter } from 'd3-force';
let text = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) text += chunk;
const { nodes, links } = JSON.parse(text);
const byId = new Map(nodes.map((n) => [n.id, n]));
const simulation = forceSimulation(nodes)
  .force('link', forceLink(links).id((d) => d.id))
  .force('charge', forceManyBody())
  .force('center', forceCenter(0, 0))
  .stop();
simulation.tick(3);
const resolved = links.filter((l) => typeof l.source === 'object' && byId.get(l.source.id) === l.source && typeof l.target === 'object' && byId.get(l.target.id) === l.target).length;
const laidOut = nodes.every((n) => Number.isFinite(n.x) && Number.isFinite(n.y));
const strip = ({ x, y, vx, vy, index, fx, fy, ...rest }) => rest;
process.stdout.write(JSON.stringify({
  nodes: nodes.map(strip),
  links: links.map(({ source, target, index, ...rest }) => ({ ...rest, source: source.id, target: target.id })),
  resolved,
  laidOut,
}));
`;

/** Runs d3-force's forceSimulation with forceLink().id(d => d.id) over a D3 JSON export, in a child node. */
export function readD3(text: string): Promise<D3Result> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--input-type=module', '-e', D3_SCRIPT],
      { cwd: root, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, timeout: 120_000 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`d3-force failed: ${stderr || err.message}`));
        const out = JSON.parse(stdout) as { nodes: Attrs[]; links: (Attrs & { source: string; target: string })[]; resolved: number; laidOut: boolean };
        const nodes = new Map(out.nodes.map((n) => [n.id as string, n]));
        const edges = new Map(out.links.map((l) => [l.id as string, { source: l.source, target: l.target, attrs: l as Attrs }]));
        resolve({ nodes, edges, resolved: out.resolved, laidOut: out.laidOut });
      },
    );
    child.stdin!.end(text);
  });
}

/** Reads an export of `format` with its consumer. */
export async function consume(format: 'graphml' | 'gexf' | 'cyjs' | 'd3', text: string): Promise<ConsumedGraph> {
  if (format === 'graphml') return readGraphml(text);
  if (format === 'gexf') return readGexf(text);
  if (format === 'cyjs') return readCyjs(text);
  const d3 = await readD3(text);
  if (d3.resolved !== d3.edges.size) throw new Error(`d3-force resolved ${d3.resolved} of ${d3.edges.size} links`);
  return d3;
}
