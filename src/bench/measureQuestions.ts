import type http from 'node:http';
import type { Driver } from 'neo4j-driver';
import { benchQuestions, type QuestionParams } from './benchQuestions';
import { fmt, int, log } from './benchFormat';
import type { QuestionResult } from './benchTargets';
import { keepAliveAgent, send, sendChecked } from './httpClient';
import type { localExecutor } from './localExecutor';
import { measureLatency } from './measureLatency';
import { measureThroughput } from './measureThroughput';
import { profileTransactions } from './profileTransactions';
import type { RecordedTransaction, RecordingDatabase } from './recordingDatabase';
import { replayTransactions } from './replayTransactions';

/** What measuring a graph's questions needs: the service, the recorder and its recording, the driver, the settings. */
export interface QuestionBench {
  driver: Driver;
  database: string;
  /** The service process's base URL. */
  serviceUrl: string;
  /** The recorder's base URL: the same server in the bench's process over `recording`. */
  recorderUrl: string;
  recording: RecordingDatabase;
  /** GraphQL without HTTP, through the recorder's Apollo. */
  local: ReturnType<typeof localExecutor>;
  agent: http.Agent;
  connections: number;
  throughputSeconds: number;
  latencySeconds: number;
}

/**
 * Measures one graph's questions. For each: the Cypher its request sends (recorded once) and its db hits under
 * PROFILE, then with `withThroughput` the throughput of `connections` concurrent clients over HTTP and through
 * the driver (which also warms everything up), then the latency of both ways, alternating, one client at a time,
 * the same request through Apollo in-process, and a question's plain baseline statement. Returns a row a question;
 * rejects when a request fails or answers with errors.
 */
export async function measureQuestions(b: QuestionBench, graph: string, params: QuestionParams, withThroughput: boolean, warmupSeconds: number): Promise<QuestionResult[]> {
  const latency = { warmup: 5, minSamples: 15, maxSamples: 200, maxSeconds: b.latencySeconds };
  const replayOf = (transactions: readonly RecordedTransaction[]) => replayTransactions(b.driver, b.database, transactions);
  const prepared = [];
  for (const q of benchQuestions(params)) {
    const responseBytes = await sendChecked(b.agent, b.serviceUrl, q.request);
    b.recording.start();
    await sendChecked(b.agent, b.recorderUrl, q.request);
    const transactions = b.recording.stop();
    const replay = replayOf(transactions);
    await replay();
    const dbHits = await profileTransactions(b.driver, b.database, transactions);
    const http = (through: http.Agent) => async () => {
      const res = await send(through, b.serviceUrl, q.request);
      if (res.status !== 200) throw new Error(`${q.name} answered ${res.status}`);
    };
    prepared.push({ q, responseBytes, transactions, dbHits, replay, http });
  }
  const throughput = new Map<string, QuestionResult['throughput']>();
  if (withThroughput) {
    for (const { q, replay, http } of prepared) {
      // Fresh connections for each run: a kept-alive socket idle longer than the server's keep-alive timeout
      // would be closed under the client's feet (a client artifact, not an answer of the service).
      const clients = keepAliveAgent(b.connections);
      const h = await measureThroughput(http(clients), b.connections, b.throughputSeconds);
      clients.destroy();
      const d = await measureThroughput(replay, b.connections, b.throughputSeconds);
      throughput.set(q.name, { graphql: h, driver: d, ratio: h.perSecond / d.perSecond });
      log(`${graph} · ${q.name}: ${b.connections} clients: GraphQL ${fmt(h.perSecond)} req/s (${h.errors} errors${h.firstError ? `: ${h.firstError}` : ''}), driver ${fmt(d.perSecond)} /s (${d.errors} errors${d.firstError ? `: ${d.firstError}` : ''})`);
    }
  }
  const rows: QuestionResult[] = [];
  for (const { q, responseBytes, transactions, dbHits, replay, http } of prepared) {
    const lat = await measureLatency(http(b.agent), replay, { ...latency, warmupSeconds });
    let inProcess: QuestionResult['inProcess'];
    if (q.request.body) {
      const l = await measureLatency(b.local(q.request.body), replay, latency);
      inProcess = { graphql: l.a, driver: l.b, ratio: l.a.medianMs / l.b.medianMs };
      log(`${graph} · ${q.name}: in-process GraphQL ${fmt(l.a.medianMs, 2)} ms, driver ${fmt(l.b.medianMs, 2)} ms, ×${fmt(inProcess.ratio, 2)}`);
    }
    let baseline: QuestionResult['baseline'];
    if (q.baseline) {
      // The plain statement through the driver, alternating with the question's own Cypher through the driver.
      const plainTx: RecordedTransaction[] = [{ mode: 'read', queries: [{ cypher: q.baseline.cypher, params: q.baseline.params }], startMs: 0, endMs: 0 }];
      const l = await measureLatency(replay, replayOf(plainTx), latency);
      baseline = { name: q.baseline.name, cypher: q.baseline.cypher, question: l.a, plain: l.b, ratio: l.a.medianMs / l.b.medianMs, dbHits: await profileTransactions(b.driver, b.database, plainTx) };
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
    rows.push(row);
  }
  return rows;
}
