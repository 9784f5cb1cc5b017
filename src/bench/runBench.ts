import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import neo4j from 'neo4j-driver';
import { createDatabase } from '../db/Database';
import { applyMigrations } from '../db/migrations';
import { EmbeddedNeo4j } from '../neo4j/EmbeddedNeo4j';
import { loadSeed } from '../seed/loadSeed';
import { freePort } from '../util/freePort';
import { projectRoot } from '../util/projectRoot';
import { loadSynthetic } from './loadSynthetic';
import { measureExport, type ExportMeasurement } from './measureExport';
import { startServiceProcess } from './startServiceProcess';

const log = (line: string) => process.stderr.write(`${line}\n`);
const fmt = (n: number, digits = 1) => n.toFixed(digits);

/**
 * `npm run bench`: one run on one fresh embedded Neo4j. Measures exports (MB/s and the server's peak
 * memory) on the seed, then on a generated graph of about a million edges. Prints a table and writes
 * bench-results/bench.json. `--scale F` shrinks or grows the generated graph (1 = about 1 M edges).
 */
async function main() {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' }, out: { type: 'string' } } });
  const scale = Number(values.scale);
  if (!(scale > 0 && scale <= 4)) throw new Error('--scale must be a number in (0, 4]');
  const home = mkdtempSync(path.join(os.tmpdir(), 'pairing-graph-bench-'));
  const neo = new EmbeddedNeo4j({ home, port: await freePort(), heap: '3g', pageCacheBytes: 2 * 1024 ** 3 });
  const results: { machine: Record<string, unknown>; exports: (ExportMeasurement & { graph: string; nodes: number; edges: number })[]; load?: unknown } = {
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 1024 ** 3), node: process.version, date: new Date().toISOString() },
    exports: [],
  };
  let service: Awaited<ReturnType<typeof startServiceProcess>> | undefined;
  const driver = neo4j.driver(await neo.start());
  try {
    const db = createDatabase(driver, 'neo4j');
    await applyMigrations(db);
    await loadSeed(db);
    service = await startServiceProcess(neo.uri, await freePort(), { NODE_OPTIONS: '--max-old-space-size=1024' });
    const countGraph = async () => {
      const r = await driver.executeQuery(
        `MATCH (u:Unit) WHERE u.level IS NULL OR u.level IN ['TOWNSHIP','VILLAGE'] WITH count(u) AS nodes
         MATCH ()-[r:SUPPORTER|PART_OF|LOCATED_IN]->() RETURN nodes, count(r) AS rels`,
      );
      return { nodes: r.records[0].get('nodes').toNumber(), edges: r.records[0].get('rels').toNumber() };
    };
    const exportAll = async (graph: string) => {
      const counts = await countGraph();
      for (const [format, ext] of [['graphml', 'graphml'], ['gexf', 'gexf'], ['cyjs', 'cyjs'], ['d3', 'json']]) {
        const m = await measureExport(`${service!.url}/export/graph.${ext}`, service!.pid, format);
        results.exports.push({ graph, ...counts, ...m });
        log(`export ${graph} ${format}: ${fmt(m.bytes / 1024 ** 2)} MB in ${fmt(m.seconds)} s, server RSS ${fmt(m.serverRssBeforeMb)} → peak ${fmt(m.serverRssPeakMb)} MB`);
      }
    };
    await exportAll('seed');

    const villagesPerTownship = Math.max(1, Math.round(100 * scale));
    log(`loading the generated graph (scale ${scale})…`);
    const load = await loadSynthetic(
      db,
      { seed: 1, idPrefix: 'bench', supportingProvinces: 2, supportedProvinces: 8, countiesPerProvince: 40, townshipsPerCounty: 20, villagesPerTownship, orgsPerDistrict: 60, pinyin: false },
      (n, r) => process.stderr.write(`\r  ${n} nodes, ${r} relationships`),
    );
    process.stderr.write('\n');
    results.load = { ...load, entitiesPerSecond: (load.nodes + load.relationships) / load.seconds };
    log(`loaded ${load.nodes} nodes and ${load.relationships} relationships in ${fmt(load.seconds)} s`);
    await exportAll('large');
  } finally {
    await service?.stop();
    await driver.close();
    await neo.stop();
    rmSync(home, { recursive: true, force: true });
  }

  const out = values.out ?? path.join(projectRoot(), 'bench-results', 'bench.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  const rows = results.exports.map((e) =>
    [e.graph, e.format, String(e.nodes), String(e.edges), fmt(e.bytes / 1024 ** 2), fmt(e.seconds), fmt(e.megabytesPerSecond), fmt(e.serverRssBeforeMb), fmt(e.serverRssPeakMb), fmt(e.serverRssGrowthMb)],
  );
  const header = ['graph', 'format', 'nodes', 'edges', 'MB', 's', 'MB/s', 'RSS before MB', 'RSS peak MB', 'growth MB'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  console.log('\nExports (server process memory sampled every 25 ms)');
  for (const r of [header, ...rows]) console.log(r.map((c, i) => c.padStart(widths[i])).join('  '));
  console.log(`\nresults written to ${out}`);
}

main().catch((err: Error) => {
  console.error(`bench: ${err.message}`);
  process.exit(1);
});
