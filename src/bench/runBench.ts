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
import { benchQuestions, type QuestionParams } from './benchQuestions';
import { keepAliveAgent, send, sendChecked } from './httpClient';
import { localExecutor } from './localExecutor';
import { runImportBench, type ImportBenchResult } from './importBench';
import { evaluateTargets, type QuestionResult, type TargetCheck } from './benchTargets';
import { measureDivisionLoad, type DivisionLoadMeasurement } from './measureDivisionLoad';
import { measureExport, type ExportMeasurement } from './measureExport';
import { measureLatency, type LatencyFigures } from './measureLatency';
import { measureThroughput, type ThroughputFigures } from './measureThroughput';
import { recordingDatabase, type RecordedTransaction } from './recordingDatabase';
import { profileTransactions } from './profileTransactions';
import { replayTransactions } from './replayTransactions';
import { sampleRss } from './sampleRss';
import { startServiceProcess } from './startServiceProcess';

const log = (line: string) => process.stderr.write(`${line}\n`);
const fmt = (n: number | null | undefined, digits = 1) => (n === null || n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits));
const int = (n: number) => Math.round(n).toLocaleString('en-US');

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
  const results: Record<string, unknown> & { questions: QuestionResult[]; exports: (ExportMeasurement & { graph: string; nodes: number; edges: number })[] } = {
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

    /**
     * For each question: the Cypher its request sends (recorded once), then with `withThroughput` the throughput of
     * `connections` concurrent clients over HTTP and through the driver (which also warms everything up), then the
     * latency of both ways, alternating, one client at a time.
     */
    const measureQuestions = async (graph: string, params: QuestionParams, withThroughput: boolean, warmupSeconds: number) => {
      const prepared = [];
      for (const q of benchQuestions(params)) {
        const responseBytes = await sendChecked(agent, service!.url, q.request);
        recording.start();
        await sendChecked(agent, recorderBase, q.request);
        const transactions = recording.stop();
        const replay = replayTransactions(driver, 'neo4j', transactions);
        await replay();
        const dbHits = await profileTransactions(driver, 'neo4j', transactions);
        const http = (through: typeof agent) => async () => {
          const res = await send(through, service!.url, q.request);
          if (res.status !== 200) throw new Error(`${q.name} answered ${res.status}`);
        };
        prepared.push({ q, responseBytes, transactions, dbHits, replay, http });
      }
      const throughput = new Map<string, QuestionResult['throughput']>();
      if (withThroughput) {
        for (const { q, replay, http } of prepared) {
          // Fresh connections for each run: a kept-alive socket idle longer than the server's keep-alive timeout
          // would be closed under the client's feet (a client artifact, not an answer of the service).
          const clients = keepAliveAgent(settings.connections);
          const h = await measureThroughput(http(clients), settings.connections, settings.throughputSeconds);
          clients.destroy();
          const d = await measureThroughput(replay, settings.connections, settings.throughputSeconds);
          throughput.set(q.name, { graphql: h, driver: d, ratio: h.perSecond / d.perSecond });
          log(`${graph} · ${q.name}: ${settings.connections} clients: GraphQL ${fmt(h.perSecond)} req/s (${h.errors} errors${h.firstError ? `: ${h.firstError}` : ''}), driver ${fmt(d.perSecond)} /s (${d.errors} errors${d.firstError ? `: ${d.firstError}` : ''})`);
        }
      }
      for (const { q, responseBytes, transactions, dbHits, replay, http } of prepared) {
        const lat = await measureLatency(http(agent), replay, { warmup: 5, warmupSeconds, minSamples: 15, maxSamples: 200, maxSeconds: settings.latencySeconds });
        let inProcess: QuestionResult['inProcess'];
        if (q.request.body) {
          const l = await measureLatency(local(q.request.body), replay, { warmup: 5, minSamples: 15, maxSamples: 200, maxSeconds: settings.latencySeconds });
          inProcess = { graphql: l.a, driver: l.b, ratio: l.a.medianMs / l.b.medianMs };
          log(`${graph} · ${q.name}: in-process GraphQL ${fmt(l.a.medianMs, 2)} ms, driver ${fmt(l.b.medianMs, 2)} ms, ×${fmt(inProcess.ratio, 2)}`);
        }
        let baseline: QuestionResult['baseline'];
        if (q.baseline) {
          // The plain statement through the driver, alternating with the question's own Cypher through the driver.
          const plainTx: RecordedTransaction[] = [{ mode: 'read', queries: [{ cypher: q.baseline.cypher, params: q.baseline.params }], startMs: 0, endMs: 0 }];
          const l = await measureLatency(replay, replayTransactions(driver, 'neo4j', plainTx), { warmup: 5, minSamples: 15, maxSamples: 200, maxSeconds: settings.latencySeconds });
          baseline = { name: q.baseline.name, cypher: q.baseline.cypher, question: l.a, plain: l.b, ratio: l.a.medianMs / l.b.medianMs, dbHits: await profileTransactions(driver, 'neo4j', plainTx) };
          log(`${graph} · ${q.name}: driver ${fmt(l.a.medianMs, 2)} ms against ${q.baseline.name} ${fmt(l.b.medianMs, 2)} ms, ×${fmt(baseline.ratio, 2)}`);
        }
        const row: QuestionResult = {
          graph,
          question: q.name,
          responseBytes,
          transactions: transactions.length,
          statements: transactions.reduce((n, t) => n + t.queries.length, 0),
          dbHits,
          graphql: lat.a,
          driver: lat.b,
          ratio: lat.a.medianMs / lat.b.medianMs,
          throughput: throughput.get(q.name),
          inProcess,
          baseline,
        };
        log(`${graph} · ${q.name}: GraphQL ${fmt(lat.a.medianMs, 2)} ms (p95 ${fmt(lat.a.p95Ms, 2)}), driver ${fmt(lat.b.medianMs, 2)} ms (p95 ${fmt(lat.b.p95Ms, 2)}), ×${fmt(row.ratio, 2)}, ${int(dbHits)} db hits`);
        results.questions.push(row);
      }
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
    await measureQuestions('seed', SEED_PARAMS, true, 3);
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
      await measureQuestions('national (seed county)', SEED_PARAMS, false, 2);
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
    await measureQuestions('large (seed county)', SEED_PARAMS, false, 2);
    const params = await largeParams(driver, synth.idPrefix);
    results.largeParams = params;
    log(`large graph: a generated county's questions (${params.county}, ${params.village})…`);
    await measureQuestions('large', params, true, 2);
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

/** What any request to the service costs before it asks Neo4j anything. */
interface Floor {
  /** GET /healthz: the HTTP round trip alone (Express, no GraphQL, no Neo4j). */
  healthz: LatencyFigures;
  /** POST /graphql `{ __typename }`: HTTP plus Apollo's pipeline (parse, validate, execute, limits, logging, metrics), no Neo4j. */
  typename: LatencyFigures;
}

/**
 * Measures the fixed cost of one request to the service, one client at a time: the HTTP round trip (GET
 * /healthz) and a GraphQL request that needs no database (`{ __typename }`). A question's GraphQL median can
 * not be lower than its driver median plus the latter. Rejects when either fails.
 */
async function measureFloor(agent: ReturnType<typeof keepAliveAgent>, base: string, seconds: number): Promise<Floor> {
  const health = async () => {
    const res = await send(agent, base, { method: 'GET', path: '/healthz' });
    if (res.status !== 200) throw new Error(`/healthz answered ${res.status}`);
  };
  const typename = { method: 'POST' as const, path: '/graphql', body: JSON.stringify({ query: '{ __typename }' }) };
  await sendChecked(agent, base, typename);
  const lat = await measureLatency(health, () => sendChecked(agent, base, typename), { warmup: 50, minSamples: 100, maxSamples: 1000, maxSeconds: seconds });
  log(`fixed cost of a request: GET /healthz ${fmt(lat.a.medianMs, 2)} ms, { __typename } ${fmt(lat.b.medianMs, 2)} ms (medians)`);
  return { healthz: lat.a, typename: lat.b };
}


function table(title: string, header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  console.log(`\n${title}`);
  for (const r of [header, ...rows]) console.log(r.map((c, i) => (i === 0 || i === 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
}

function printTables(results: Record<string, unknown> & { questions: QuestionResult[]; exports: (ExportMeasurement & { graph: string; nodes: number; edges: number })[] }) {
  const floors = (results.floors as Floor[] | undefined) ?? [];
  // The seed's floor for the seed's questions, the large graph's for the others.
  const floorOf = (graph: string) => (graph === 'seed' ? floors[0] : (floors[1] ?? floors[0]));
  table(
    'Latency per question (db hits: every operator of every round trip under PROFILE; ms: GraphQL over HTTP to the service process vs the same Cypher through the plain driver; floor: (driver + { __typename }) / driver)',
    ['graph', 'question', 'db hits', 'GraphQL median', 'GraphQL p95', 'driver median', 'driver p95', 'ratio', 'floor', 'samples', 'response KB'],
    results.questions.map((q) => {
      const f = floorOf(q.graph);
      return [q.graph, q.question, int(q.dbHits), fmt(q.graphql.medianMs, 2), fmt(q.graphql.p95Ms, 2), fmt(q.driver.medianMs, 2), fmt(q.driver.p95Ms, 2), fmt(q.ratio, 2), f ? fmt((q.driver.medianMs + f.typename.medianMs) / q.driver.medianMs, 2) : '–', String(q.graphql.samples), fmt(q.responseBytes / 1024)];
    }),
  );
  const local = results.questions.filter((q) => q.inProcess);
  table(
    'The same GraphQL requests through Apollo in the bench process, without HTTP (ms; measured apart, alternating with the driver)',
    ['graph', 'question', 'in-process median', 'in-process p95', 'driver median', 'ratio'],
    local.map((q) => [q.graph, q.question, fmt(q.inProcess!.graphql.medianMs, 2), fmt(q.inProcess!.graphql.p95Ms, 2), fmt(q.inProcess!.driver.medianMs, 2), fmt(q.inProcess!.ratio, 2)]),
  );
  const based = results.questions.filter((q) => q.baseline);
  table(
    "A question's Cypher against a plain statement, both through the driver, alternating (ms; ratio: question / plain)",
    ['graph', 'question', 'plain statement', 'question median', 'plain median', 'ratio', 'question db hits', 'plain db hits'],
    based.map((q) => [q.graph, q.question, q.baseline!.cypher, fmt(q.baseline!.question.medianMs, 2), fmt(q.baseline!.plain.medianMs, 2), fmt(q.baseline!.ratio, 2), int(q.dbHits), int(q.baseline!.dbHits)]),
  );
  for (const [i, f] of floors.entries()) {
    console.log(`Fixed cost of a request (${i === 0 ? 'seed' : 'large'}): GET /healthz median ${fmt(f.healthz.medianMs, 2)} ms (p95 ${fmt(f.healthz.p95Ms, 2)}), { __typename } median ${fmt(f.typename.medianMs, 2)} ms (p95 ${fmt(f.typename.p95Ms, 2)})`);
  }
  const t = results.questions.filter((q) => q.throughput);
  table(
    `Throughput (${t[0]?.throughput?.graphql.connections ?? '?'} concurrent clients, requests per second)`,
    ['graph', 'question', 'GraphQL req/s', 'driver req/s', 'ratio', 'GraphQL errors', 'driver errors'],
    t.map((q) => [q.graph, q.question, fmt(q.throughput!.graphql.perSecond), fmt(q.throughput!.driver.perSecond), fmt(q.throughput!.ratio, 2), String(q.throughput!.graphql.errors), String(q.throughput!.driver.errors)]),
  );
  const imp = results.import as ImportBenchResult | undefined;
  if (imp) {
    table('Import (rows per second)', ['what', 'rows', 'seconds', 'rows/s'], [
      ['importRosters (check + write)', String(imp.rows), fmt(imp.seconds), fmt(imp.rowsPerSecond, 0)],
      ['  its check pass', String(imp.rows), fmt(imp.checkSeconds), fmt(imp.rows / imp.checkSeconds, 0)],
      ['  its write pass', String(imp.rows), fmt(imp.writeSeconds), fmt(imp.rows / imp.writeSeconds, 0)],
      ['LOAD CSV, fresh label', String(imp.rows), fmt(imp.loadCsvSeconds), fmt(imp.loadCsvRowsPerSecond, 0)],
      ["LOAD CSV, the model's labels", String(imp.rows), fmt(imp.loadCsvModelSeconds), fmt(imp.loadCsvModelRowsPerSecond, 0)],
    ]);
  }
  const national = results.nationalLoad as DivisionLoadMeasurement | undefined;
  if (national) {
    console.log(`\nNational divisions (${national.command}): ${int(national.rows)} rows in ${fmt(national.seconds)} s, ${int(national.rowsPerSecond)} rows/s, loader peak RSS ${fmt(national.peakRssMb)} MB`);
  }
  const load = results.load as { nodes: number; relationships: number; seconds: number; entitiesPerSecond: number; transactions: number } | undefined;
  console.log(`\nPhases (s): ${Object.entries(results.phaseSeconds as Record<string, number>).map(([k, v]) => `${k} ${fmt(v, 0)}`).join(' · ')}`);
  if (load) console.log(`\nGenerated graph: ${int(load.nodes)} nodes, ${int(load.relationships)} relationships loaded in ${fmt(load.seconds)} s (${int(load.entitiesPerSecond)} entities/s, ${load.transactions} transactions)`);
  table(
    'Exports (service memory sampled every 25 ms)',
    ['graph', 'format', 'nodes', 'edges', 'MB', 's', 'MB/s', 'RSS before MB', 'RSS peak MB'],
    results.exports.map((e) => [e.graph, e.format, String(e.nodes), String(e.edges), fmt(e.bytes / 1024 ** 2), fmt(e.seconds), fmt(e.megabytesPerSecond), fmt(e.serverRssBeforeMb), fmt(e.serverRssPeakMb)]),
  );
  if (typeof results.serviceRssPeakMb === 'number') console.log(`Service peak RSS over the whole run: ${fmt(results.serviceRssPeakMb)} MB`);
  table(
    'Targets',
    ['target', 'limit', 'measured', 'met'],
    (results.targets as TargetCheck[]).map((c) => [c.target, c.limit, c.measured, c.met ? 'yes' : 'NO']),
  );
}

main().catch((err: Error) => {
  console.error(`bench: ${err.stack ?? err.message}`);
  process.exit(1);
});
