import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import neo4j, { type Driver } from 'neo4j-driver';
import { createDatabase } from '../db/Database';
import { applyMigrations } from '../db/migrations';
import { EmbeddedNeo4j } from '../neo4j/EmbeddedNeo4j';
import { todayInChina } from '../graphql/DateScalar';
import { loadSeed } from '../seed/loadSeed';
import { loadSeedDivisions } from '../seed/loadSeedDivisions';
import { createGraphQLServer } from '../server/createGraphQLServer';
import { loadSynth } from '../synth/loadSynth';
import { nationalOptions } from '../synth/nationalOptions';
import { freePort } from '../util/freePort';
import { projectRoot } from '../util/projectRoot';
import type { QuestionParams } from './benchQuestions';
import { fmt, int, log } from './benchFormat';
import { evaluateTargets } from './benchTargets';
import { keepAliveAgent } from './httpClient';
import { localExecutor } from './localExecutor';
import { runImportBench, type ImportBenchResult } from './importBench';
import { measureDivisionLoad, type DivisionLoadMeasurement } from './measureDivisionLoad';
import { measureExport } from './measureExport';
import { measureFloor, type Floor } from './measureFloor';
import { measureQuestions, type QuestionBench } from './measureQuestions';
import { printTables, type BenchResults } from './printTables';
import { recordingDatabase } from './recordingDatabase';
import { sampleRss } from './sampleRss';
import { startServiceProcess } from './startServiceProcess';

/** The seed's questions: 拐角铺村 and its county 卓资县; search for 卓资 (two characters) and 拐角铺 (three). */
const SEED_PARAMS: QuestionParams = { village: '150921212210', county: '150921', searches: ['卓资', '拐角铺'] };

interface Settings {
  scale: number;
  importRows: number;
  connections: number;
  throughputSeconds: number;
  latencySeconds: number;
  largeFormats: string[];
}

const FORMATS: [string, string][] = [
  ['graphml', 'graphml'],
  ['gexf', 'gexf'],
  ['cyjs', 'cyjs'],
  ['d3', 'json'],
];

/** Picks a supported county of the generated graph and a paired village in it, whose name (3+ characters) is the search text. */
async function largeParams(driver: Driver, prefix: string): Promise<QuestionParams> {
  const { records } = await driver.executeQuery(
    `MATCH (c:Region {level: 'COUNTY', side: 'SUPPORTED'}) WHERE c.synth = $prefix
     WITH c ORDER BY c.id LIMIT 1
     MATCH (c)<-[:PART_OF]-(:Region)<-[:PART_OF]-(v:Region {kind: 'VILLAGE'})
     WHERE EXISTS { (v)<-[:SUPPORTED]-(:Pairing {status: 'ACTIVE'}) } AND size(v.name) >= 3
     RETURN c.id AS county, v.id AS village, v.name AS name ORDER BY v.id LIMIT 1`,
    { prefix },
  );
  if (!records.length) throw new Error('the generated graph has no paired village');
  return { county: records[0].get('county') as string, village: records[0].get('village') as string, searches: [records[0].get('name') as string] };
}

/**
 * `npm run bench`: one run on one fresh embedded Neo4j, every figure of issue 8. On the seed, then on the
 * seed plus a generated national-scale graph: for each planner question, the latency through GraphQL over HTTP
 * (a separate service process) against the same Cypher through the plain driver (recorded from one request,
 * replayed by executeRead), and the throughput of many concurrent clients both ways; the roster import against
 * LOAD CSV; the generated graph's load rate; exports (MB/s, the service's peak memory). Prints tables, writes
 * bench-results/bench.json (and docs/bench-<date>.json for a default run). Exits 1 on any failure.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '1' },
      out: { type: 'string' },
      'import-rows': { type: 'string' },
      connections: { type: 'string', default: '32' },
      'throughput-seconds': { type: 'string', default: '5' },
      'latency-seconds': { type: 'string', default: '8' },
      'large-formats': { type: 'string', default: 'all' },
      // For a quick check of the bench itself: no national division load, nor the seed county's questions on it.
      'skip-national': { type: 'boolean', default: false },
    },
  });
  const scale = Number(values.scale);
  if (!(scale > 0 && scale <= 4)) throw new Error('--scale must be a number in (0, 4]');
  const settings: Settings = {
    scale,
    importRows: Number(values['import-rows'] ?? Math.max(2000, Math.round(100_000 * Math.min(1, scale)))),
    connections: Number(values.connections),
    throughputSeconds: Number(values['throughput-seconds']),
    latencySeconds: Number(values['latency-seconds']),
    largeFormats: values['large-formats'] === 'all' ? FORMATS.map(([f]) => f) : values['large-formats']!.split(','),
  };
  for (const [k, v] of Object.entries(settings)) if (typeof v === 'number' && !(v > 0)) throw new Error(`--${k} must be a positive number`);
  const runStarted = Date.now();
  const home = mkdtempSync(path.join(os.tmpdir(), 'pairing-graph-bench-'));
  const heap = '3g';
  const pageCacheBytes = 2 * 1024 ** 3;
  const neo = new EmbeddedNeo4j({ home, port: await freePort(), heap, pageCacheBytes });
  const results: BenchResults = {
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: Math.round(os.totalmem() / 1024 ** 3),
      loadAverageAtStart: os.loadavg(),
      node: process.version,
      neo4jHeap: heap,
      neo4jPageCacheMb: pageCacheBytes / 1024 ** 2,
      date: new Date().toISOString(),
    },
    command: `node dist/src/bench/runBench.js ${process.argv.slice(2).join(' ')}`.trim(),
    settings,
    questions: [],
    exports: [],
  };
  let service: Awaited<ReturnType<typeof startServiceProcess>> | undefined;
  let recorder: Awaited<ReturnType<typeof createGraphQLServer>> | undefined;
  const driver = neo4j.driver(await neo.start());
  // Ctrl-C or SIGTERM: stop the service process and Neo4j before leaving, so that nothing outlives the bench.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`bench: ${signal}, stopping…`);
      void Promise.allSettled([service?.stop(), neo.stop()]).finally(() => {
        rmSync(home, { recursive: true, force: true });
        process.exit(130);
      });
    });
  }
  let serviceRss: ReturnType<typeof sampleRss> | undefined;
  const phases: Record<string, number> = {};
  results.phaseSeconds = phases;
  let phaseStarted = Date.now();
  /** Ends the current phase under `name` (its seconds go to the results). */
  const phaseDone = (name: string) => {
    phases[name] = (Date.now() - phaseStarted) / 1000;
    phaseStarted = Date.now();
  };
  try {
    const db = createDatabase(driver, 'neo4j');
    await applyMigrations(db);
    // The seed-only database first: the seed's counties; the whole country is loaded (and timed) further on.
    await loadSeedDivisions(db, 'counties');
    await loadSeed(db);
    service = await startServiceProcess(neo.uri, await freePort(), {
      NODE_OPTIONS: '--max-old-space-size=1024',
      AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
    });
    serviceRss = sampleRss(service.pid, 100);
    // The recorder: the same server in this process over a Database that records each request's Cypher.
    const recording = recordingDatabase(createDatabase(driver, 'neo4j'));
    recorder = await createGraphQLServer(recording.db, { migrated: true }, { production: true });
    await new Promise<void>((resolve) => recorder!.httpServer.listen(0, '127.0.0.1', resolve));
    const recorderBase = `http://127.0.0.1:${(recorder.httpServer.address() as AddressInfo).port}`;
    const agent = keepAliveAgent(Math.max(settings.connections, 8));
    // GraphQL without HTTP: the recorder's Apollo (built as the service's) over a plain Database.
    const local = localExecutor(recorder.apollo, createDatabase(driver, 'neo4j'));
    phaseDone('start: Neo4j, migrations, seed, service');

    const bench: QuestionBench = {
      driver,
      database: 'neo4j',
      serviceUrl: service.url,
      recorderUrl: recorderBase,
      recording,
      local,
      agent,
      connections: settings.connections,
      throughputSeconds: settings.throughputSeconds,
      latencySeconds: settings.latencySeconds,
    };
    const questionsOf = async (graph: string, params: QuestionParams, withThroughput: boolean, warmupSeconds: number) => {
      results.questions.push(...(await measureQuestions(bench, graph, params, withThroughput, warmupSeconds)));
    };
    /** The units and edges a whole-graph export holds: pairing units, and active pairings plus location links between them. */
    const countGraph = async () => {
      const pairable = (u: string) => `(${u}.level IS NULL OR ${u}.level IN ['TOWNSHIP', 'VILLAGE'])`;
      const r = await driver.executeQuery(
        `CALL () { MATCH (u:Unit) WHERE ${pairable('u')} RETURN count(u) AS nodes }
         CALL () { MATCH (p:Pairing) WHERE (p.since IS NULL OR p.since <= date($today)) AND (p.until IS NULL OR p.until >= date($today)) RETURN count(p) AS pairings }
         CALL () { MATCH (c:Unit)-[:PART_OF|LOCATED_IN]->(par:Unit) WHERE ${pairable('c')} AND ${pairable('par')} RETURN count(*) AS links }
         RETURN nodes, pairings + links AS edges`,
        { today: todayInChina() },
      );
      return { nodes: r.records[0].get('nodes').toNumber(), edges: r.records[0].get('edges').toNumber() };
    };
    const exportAll = async (graph: string, formats: string[]) => {
      const counts = await countGraph();
      for (const [format, ext] of FORMATS.filter(([f]) => formats.includes(f))) {
        const m = await measureExport(`${service!.url}/export/graph.${ext}`, service!.pid, format);
        results.exports.push({ graph, ...counts, ...m });
        log(`export ${graph} ${format}: ${fmt(m.bytes / 1024 ** 2)} MB in ${fmt(m.seconds)} s, server RSS ${fmt(m.serverRssBeforeMb)} → peak ${fmt(m.serverRssPeakMb)} MB`);
      }
    };

    log('seed: questions…');
    // The first questions of the run get a longer warm-up (the JVM, the service and the driver are cold).
    await questionsOf('seed', SEED_PARAMS, true, 3);
    results.floors = [await measureFloor(agent, service.url, settings.latencySeconds)];
    phaseDone('seed: questions');
    await exportAll('seed', FORMATS.map(([f]) => f));
    phaseDone('seed: exports');

    log(`import: ${settings.importRows} units and ${settings.importRows / 2} pairings, then LOAD CSV of the same files…`);
    results.import = await runImportBench(db, settings.importRows, { log });
    phaseDone('import and LOAD CSV');

    if (!values['skip-national']) {
      log('national divisions: pairing-graph divisions load --all…');
      const national = await measureDivisionLoad(neo.uri, ['--all']);
      results.nationalLoad = national;
      log(`national divisions: ${int(national.rows)} rows in ${fmt(national.seconds)} s (${int(national.rowsPerSecond)} rows/s), loader peak RSS ${fmt(national.peakRssMb)} MB`);
      phaseDone('national divisions: load');
      log('national divisions: the seed county\'s questions…');
      await questionsOf('national (seed county)', SEED_PARAMS, false, 2);
      phaseDone('national divisions: questions');
    }

    const synth = nationalOptions(1, 'bench', scale);
    log(`loading the generated graph (scale ${scale})…`);
    const load = await loadSynth(db, synth, {
      onProgress: (n, r) => process.stderr.write(`\r  ${int(n)} nodes, ${int(r)} relationships`),
    });
    process.stderr.write('\n');
    results.load = { ...load, entitiesPerSecond: (load.nodes + load.relationships) / load.seconds, options: synth };
    log(`loaded ${int(load.nodes)} nodes and ${int(load.relationships)} relationships in ${fmt(load.seconds)} s`);
    const totals = await driver.executeQuery('MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r) AS rels');
    results.database = { nodes: totals.records[0].get('nodes').toNumber(), relationships: totals.records[0].get('rels').toNumber() };
    phaseDone('generated graph: load');

    log('large graph: the seed county\'s questions…');
    await questionsOf('large (seed county)', SEED_PARAMS, false, 2);
    const params = await largeParams(driver, synth.idPrefix);
    results.largeParams = params;
    log(`large graph: a generated county's questions (${params.county}, ${params.village})…`);
    await questionsOf('large', params, true, 2);
    (results.floors as Floor[]).push(await measureFloor(agent, service.url, settings.latencySeconds));
    phaseDone('large: questions');
    await exportAll('large', settings.largeFormats);
    phaseDone('large: exports');
  } finally {
    const rss = serviceRss?.stop();
    if (rss) results.serviceRssPeakMb = rss.peak / 1024 ** 2;
    await recorder?.stop().catch(() => undefined);
    await service?.stop();
    await driver.close();
    await neo.stop();
    rmSync(home, { recursive: true, force: true });
  }
  results.seconds = (Date.now() - runStarted) / 1000;
  results.targets = evaluateTargets(results.questions, results.import as ImportBenchResult, results.exports, results.nationalLoad as DivisionLoadMeasurement | undefined);

  const out = values.out ?? path.join(projectRoot(), 'bench-results', 'bench.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  let dated: string | undefined;
  if (!values.out && scale === 1) {
    dated = path.join(projectRoot(), 'docs', `bench-${new Date().toISOString().slice(0, 10)}.json`);
    copyFileSync(out, dated);
  }
  printTables(results);
  console.log(`\nbench ran in ${fmt((results.seconds as number) / 60)} min; results written to ${out}${dated ? ` and ${dated}` : ''}`);
}

main().catch((err: Error) => {
  console.error(`bench: ${err.stack ?? err.message}`);
  process.exit(1);
});
