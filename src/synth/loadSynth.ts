import { createHash } from 'node:crypto';
import type { Database } from '../db/Database';
import type { SeedGraph } from '../seed/SeedGraph';
import { generateGraph, type SynthOptions } from './generateGraph';
import { writeBatch } from './writeBatch';

/** Entities (nodes plus relationships) per write transaction by default. */
export const ENTITIES_PER_TRANSACTION = 100_000;

/** What a load wrote. */
export interface SynthLoad {
  nodes: number;
  relationships: number;
  transactions: number;
  seconds: number;
}

/** Counts by label and by relationship type, and a SHA-256 of the generated graph (the same for the same seed and options). */
export interface SynthDigest {
  nodes: number;
  relationships: number;
  labels: Record<string, number>;
  types: Record<string, number>;
  sha256: string;
}

/** Groups the generator's chunks into batches of about `size` entities (a chunk is never split). */
function* batches(options: SynthOptions, size: number): Generator<SeedGraph> {
  let pending: SeedGraph = { nodes: [], relationships: [] };
  for (const chunk of generateGraph(options)) {
    for (const n of chunk.nodes) pending.nodes.push(n);
    for (const r of chunk.relationships) pending.relationships.push(r);
    if (pending.nodes.length + pending.relationships.length >= size) {
      yield pending;
      pending = { nodes: [], relationships: [] };
    }
  }
  if (pending.nodes.length + pending.relationships.length > 0) yield pending;
}

/**
 * Generates the synthetic graph of `options` and creates it through the bulk path ({@link writeBatch}), about
 * `perTransaction` entities per write transaction, calling `onProgress` after each. Returns the counts and the
 * time taken. Rejects when an id already exists (the constraints refuse it; the transaction in progress rolls
 * back, earlier ones stay) or when Neo4j fails.
 */
export async function loadSynth(
  db: Database,
  options: SynthOptions,
  settings: { perTransaction?: number; onProgress?: (nodes: number, relationships: number) => void } = {},
): Promise<SynthLoad> {
  const started = process.hrtime.bigint();
  let nodes = 0;
  let relationships = 0;
  let transactions = 0;
  for (const batch of batches(options, settings.perTransaction ?? ENTITIES_PER_TRANSACTION)) {
    const written = await db.write((tx) => writeBatch(tx, batch));
    nodes += written.nodes;
    relationships += written.relationships;
    transactions += 1;
    settings.onProgress?.(nodes, relationships);
  }
  return { nodes, relationships, transactions, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** Returns the counts and the SHA-256 of the graph `options` generate, without writing anything; throws a RangeError for invalid options. */
export function digestSynth(options: SynthOptions): SynthDigest {
  const hash = createHash('sha256');
  const labels: Record<string, number> = {};
  const types: Record<string, number> = {};
  let nodes = 0;
  let relationships = 0;
  for (const chunk of generateGraph(options)) {
    hash.update(JSON.stringify(chunk));
    for (const n of chunk.nodes) {
      const key = n.labels.slice(1).join(':');
      labels[key] = (labels[key] ?? 0) + 1;
    }
    for (const r of chunk.relationships) types[r.type] = (types[r.type] ?? 0) + 1;
    nodes += chunk.nodes.length;
    relationships += chunk.relationships.length;
  }
  return { nodes, relationships, labels, types, sha256: hash.digest('hex') };
}

/**
 * Returns the id of a node of the graph's first chunk (its source, provinces and cities) that the database
 * already holds, or null: a graph cannot be created over another one that shares its ids or province codes.
 */
export async function findExistingSynth(db: Database, options: SynthOptions): Promise<string | null> {
  const first = generateGraph(options).next();
  const ids = first.done ? [] : first.value.nodes.map((n) => n.id);
  const result = await db.read((tx) => tx.run('UNWIND $ids AS id MATCH (n:Node {id: id}) RETURN n.id AS id ORDER BY id LIMIT 1', { ids }));
  return result.records.length ? (result.records[0].get('id') as string) : null;
}

/** Deletes every node of the synthetic graph `prefix` (its `synth` property) with its relationships, 10,000 a transaction. Returns how many; rejects on Neo4j errors. */
export async function deleteSynth(db: Database, prefix: string, onProgress?: (deleted: number) => void): Promise<number> {
  let deleted = 0;
  for (;;) {
    const result = await db.write((tx) =>
      tx.run('MATCH (n:Node) WHERE n.synth = $prefix WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n', { prefix }),
    );
    const n = Number(result.records[0].get('n'));
    deleted += n;
    if (n > 0) onProgress?.(deleted);
    if (n < 10000) return deleted;
  }
}
