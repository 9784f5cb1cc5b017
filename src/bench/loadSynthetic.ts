import type { Database } from '../db/Database';
import type { SeedGraph } from '../seed/SeedGraph';
import { writeGraph } from '../seed/writeGraph';
import { generateGraph, type SynthOptions } from '../synth/generateGraph';

/** Entities (nodes plus relationships) per write transaction. */
const PER_TRANSACTION = 40_000;

/**
 * Generates a synthetic graph and creates it chunk by chunk (mode `create`, new ids only), grouping
 * chunks into transactions of about 40,000 entities. Returns the counts and the time taken.
 */
export async function loadSynthetic(db: Database, options: SynthOptions, onProgress?: (nodes: number, rels: number) => void) {
  const started = Date.now();
  let nodes = 0;
  let relationships = 0;
  let pending: SeedGraph = { nodes: [], relationships: [] };
  const flush = async () => {
    if (pending.nodes.length + pending.relationships.length === 0) return;
    const batch = pending;
    pending = { nodes: [], relationships: [] };
    await db.write((tx) => writeGraph(tx, batch, { mode: 'create' }));
    nodes += batch.nodes.length;
    relationships += batch.relationships.length;
    onProgress?.(nodes, relationships);
  };
  for (const chunk of generateGraph(options)) {
    for (const n of chunk.nodes) pending.nodes.push(n);
    for (const r of chunk.relationships) pending.relationships.push(r);
    if (pending.nodes.length + pending.relationships.length >= PER_TRANSACTION) await flush();
  }
  await flush();
  return { nodes, relationships, seconds: (Date.now() - started) / 1000 };
}
