import type { GraphEdgeRecord, GraphNodeRecord } from '../GraphRecord';

/** A file format of the graph, written piece by piece so that it can be streamed. */
export interface GraphFormat {
  /** The `format` name on the command line and the file extension. */
  name: 'graphml' | 'gexf' | 'cyjs' | 'd3';
  extension: string;
  contentType: string;
  /** Opens the document. */
  begin(): string;
  /** One node; `first` is true for the first node. */
  node(node: GraphNodeRecord, first: boolean): string;
  /** What comes between the last node and the first edge. */
  middle(): string;
  /** One edge; `first` is true for the first edge. */
  edge(edge: GraphEdgeRecord, first: boolean): string;
  /** Closes the document; `truncated` tells whether the limit cut the selection. */
  end(truncated: boolean): string;
}

/** The node attributes every format writes, with their types. */
export const NODE_ATTRIBUTES = [
  ['kind', 'string'],
  ['side', 'string'],
  ['region', 'string'],
  ['demonstration', 'boolean'],
  ['paired', 'boolean'],
  ['provenance', 'string'],
] as const satisfies readonly (readonly [keyof GraphNodeRecord, 'string' | 'boolean'])[];

/** The edge attributes every format writes. */
export const EDGE_ATTRIBUTES = [
  ['type', 'string'],
  ['kind', 'string'],
  ['sector', 'string'],
  ['since', 'string'],
  ['until', 'string'],
  ['status', 'string'],
  ['provenance', 'string'],
  ['activityCount', 'int'],
  ['lastActivity', 'string'],
] as const satisfies readonly (readonly [keyof GraphEdgeRecord, 'string' | 'int'])[];

/** Returns `text` escaped for XML text and attribute values; drops characters XML 1.0 forbids. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
