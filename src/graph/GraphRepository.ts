import type { ManagedTransaction } from 'neo4j-driver';
import type { Database } from '../db/Database';
import { params } from '../db/params';
import { toPlain } from '../db/toPlain';
import type { GraphEdgeRecord, GraphNodeRecord, GraphRecord, GraphSelection } from './GraphRecord';
import {
  CENTER,
  EDGES_BY_IDS,
  NEIGHBOURS,
  NODES_BY_IDS,
  REGION,
  SELECTION_IDS_ALL,
  SELECTION_IDS_REGION,
  STREAM_EDGES_ALL,
  STREAM_NODES_ALL,
} from './graphQueries';

/** Receives a streamed graph: all nodes first, then all edges. Returning a promise applies backpressure. */
export interface GraphSink {
  node(node: GraphNodeRecord): void | Promise<void>;
  edge(edge: GraphEdgeRecord): void | Promise<void>;
}

/** Thrown when the center or region of a selection does not exist. */
export class SelectionNotFound extends Error {
  constructor(readonly what: 'centerId' | 'region', readonly id: string) {
    super(`${what} '${id}' not found`);
  }
}

/** Transaction timeout of an export stream: a million edges to a slow client takes minutes, not the default 30 s. */
export const EXPORT_TIMEOUT_MS = 60 * 60 * 1000;

/** Largest selection kept in memory as a list of ids; larger exports stream without a limit. */
export const MAX_ID_SELECTION = 100_000;

/** Reads the graph for visualization and exports. */
export class GraphRepository {
  constructor(private readonly db: Database) {}

  /**
   * Returns the selection's node ids in order (around a center: by distance, then id) and whether the
   * limit cut it. One query per step around a center; one query otherwise. Throws SelectionNotFound.
   */
  async selectIds(tx: ManagedTransaction, sel: GraphSelection, limit: number): Promise<{ ids: string[]; truncated: boolean }> {
    const p = params({ ...sel, limit: limit + 1 }, ['limit']);
    if (sel.centerId) {
      const found = await tx.run(CENTER, p);
      if (!found.records[0].get('found')) throw new SelectionNotFound('centerId', sel.centerId);
      const seen = new Set([sel.centerId]);
      const ids = [sel.centerId];
      let frontier = [sel.centerId];
      for (let step = 0; step < sel.depth && frontier.length > 0 && ids.length <= limit; step++) {
        const result = await tx.run(NEIGHBOURS, { ...p, frontier });
        frontier = result.records.map((r) => r.get('id') as string).filter((id) => !seen.has(id));
        for (const id of frontier) seen.add(id);
        ids.push(...frontier);
      }
      return { ids: ids.slice(0, limit), truncated: ids.length > limit };
    }
    if (sel.region) {
      const found = await tx.run(REGION, p);
      if (!found.records[0].get('found')) throw new SelectionNotFound('region', sel.region);
    }
    const result = await tx.run(sel.region ? SELECTION_IDS_REGION : SELECTION_IDS_ALL, p);
    const ids = result.records.map((r) => r.get('id') as string);
    return { ids: ids.slice(0, limit), truncated: ids.length > limit };
  }

  /**
   * Returns the selection as nodes and edges (the limit is required here); with `ledger`, the pairing edges
   * carry their activity counts and last dates (else null). Throws SelectionNotFound.
   */
  async graph(sel: GraphSelection & { limit: number }, ledger = true): Promise<GraphRecord> {
    return this.db.read(async (tx) => {
      const { ids, truncated } = await this.selectIds(tx, sel, sel.limit);
      const nodes = await tx.run(NODES_BY_IDS, params({ ...sel, ids }));
      const edges = await tx.run(EDGES_BY_IDS(ledger), params({ ...sel, ids }));
      return {
        nodes: nodes.records.map((r) => toPlain(r.get('row')) as unknown as GraphNodeRecord),
        edges: edges.records.map((r) => toPlain(r.get('row')) as unknown as GraphEdgeRecord),
        truncated,
      };
    });
  }

  /**
   * Streams the selection into `sink`, nodes then edges (pairings with their activity counts and last dates), reading records as the sink takes them, so that
   * memory stays flat however large the graph. Without a center, a region and a limit nothing is held in
   * memory; otherwise the selected ids (at most MAX_ID_SELECTION) are, so that the edges are exactly those
   * among the selected nodes, as `graph()` gives them. Returns whether the limit cut the selection.
   * A transaction retried after output began would repeat output: it fails instead.
   */
  async stream(sel: GraphSelection, sink: GraphSink): Promise<{ truncated: boolean }> {
    let started = false;
    return this.db.read(async (tx) => {
      if (started) throw new Error('the export was interrupted by a database retry after output had begun');
      started = true;
      const emit = async (cypher: string, values: Record<string, unknown>, write: (row: unknown) => void | Promise<void>) => {
        for await (const record of tx.run(cypher, values)) await write(toPlain(record.get('row')));
      };
      if (sel.centerId || sel.region || sel.limit !== null) {
        const { ids, truncated } = await this.selectIds(tx, sel, Math.min(sel.limit ?? MAX_ID_SELECTION, MAX_ID_SELECTION));
        await emit(NODES_BY_IDS, params({ ...sel, ids }), (n) => sink.node(n as GraphNodeRecord));
        await emit(EDGES_BY_IDS(true), params({ ...sel, ids }), (e) => sink.edge(e as GraphEdgeRecord));
        return { truncated };
      }
      await emit(STREAM_NODES_ALL, params({ ...sel }), (n) => sink.node(n as GraphNodeRecord));
      await emit(STREAM_EDGES_ALL, params({ ...sel }), (e) => sink.edge(e as GraphEdgeRecord));
      return { truncated: false };
    }, { timeoutMs: EXPORT_TIMEOUT_MS });
  }
}
