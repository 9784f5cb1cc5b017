import type { GraphEdgeRecord, GraphNodeRecord } from '../GraphRecord';
import type { GraphFormat } from './GraphFormat';

const nodeData = (n: GraphNodeRecord) => ({ id: n.id, label: n.label, kind: n.kind, side: n.side, region: n.region, demonstration: n.demonstration, paired: n.paired, provenance: n.provenance });
const edgeData = (e: GraphEdgeRecord) => ({ id: e.id, source: e.source, target: e.target, type: e.type, kind: e.kind, sector: e.sector, since: e.since, until: e.until, status: e.status, provenance: e.provenance, activityCount: e.activityCount, lastActivity: e.lastActivity });

/** Cytoscape.js elements JSON (`cy.json()` / `cytoscape({ elements })`), also what Cytoscape desktop imports as .cyjs. */
export const cyjsFormat: GraphFormat = {
  name: 'cyjs',
  extension: 'cyjs',
  contentType: 'application/json; charset=utf-8',
  begin: () => '{"format_version":"1.0","generated_by":"pairing-graph","target_cytoscapejs_version":"~3.2","data":{"name":"Pairing Graph"},"elements":{"nodes":[\n',
  node: (n, first) => `${first ? '' : ',\n'}{"data":${JSON.stringify(nodeData(n))}}`,
  middle: () => '\n],"edges":[\n',
  edge: (e, first) => `${first ? '' : ',\n'}{"data":${JSON.stringify(edgeData(e))}}`,
  end: (truncated) => `\n]},"truncated":${truncated}}\n`,
};

/** D3 force layout JSON: `nodes` and `links` whose `source`/`target` are node ids (use `forceLink().id(d => d.id)`). */
export const d3Format: GraphFormat = {
  name: 'd3',
  extension: 'json',
  contentType: 'application/json; charset=utf-8',
  begin: () => '{"nodes":[\n',
  node: (n, first) => `${first ? '' : ',\n'}${JSON.stringify(nodeData(n))}`,
  middle: () => '\n],"links":[\n',
  edge: (e, first) => `${first ? '' : ',\n'}${JSON.stringify(edgeData(e))}`,
  end: (truncated) => `\n],"truncated":${truncated}}\n`,
};
