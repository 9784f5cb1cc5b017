import type { ImportBenchResult } from './importBench';
import { fmt, int } from './benchFormat';
import type { QuestionResult, TargetCheck } from './benchTargets';
import type { DivisionLoadMeasurement } from './measureDivisionLoad';
import type { ExportMeasurement } from './measureExport';
import type { Floor } from './measureFloor';

/** What one bench run found, as bench.json holds it: the machine, the settings, each question and export, the rest by name. */
export type BenchResults = Record<string, unknown> & { questions: QuestionResult[]; exports: (ExportMeasurement & { graph: string; nodes: number; edges: number })[] };

/** Prints one table: its title, then the header and the rows, the first two columns to the left, the others to the right. */
function table(title: string, header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const pad = (c: string, i: number) => ' '.repeat(widths[i] - width(c));
  console.log(`\n${title}`);
  for (const r of [header, ...rows]) console.log(r.map((c, i) => (i === 0 || i === 1 ? c + pad(c, i) : pad(c, i) + c)).join('  '));
}

/** Chinese characters (and full-width forms) take two columns of a terminal. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/gu;
const width = (text: string) => text.length + (text.match(WIDE)?.length ?? 0);

/** Prints the bench's tables to stdout from its results; never fails (a missing part prints '–' or no rows). */
export function printTables(results: BenchResults) {
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
