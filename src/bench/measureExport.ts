import { sampleRss } from './sampleRss';

/** What one export download measured. */
export interface ExportMeasurement {
  format: string;
  bytes: number;
  seconds: number;
  megabytesPerSecond: number;
  serverRssBeforeMb: number;
  serverRssPeakMb: number;
  serverRssGrowthMb: number;
}

const MB = 1024 * 1024;

/**
 * Downloads `url` (an export) as a client would, counting the bytes without keeping them, while
 * sampling the server process's memory. Throws when the server answers with an error status.
 */
export async function measureExport(url: string, serverPid: number, format: string): Promise<ExportMeasurement> {
  global.gc?.();
  const sampler = sampleRss(serverPid, 25);
  const started = process.hrtime.bigint();
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`export ${url} answered ${res.status}`);
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { first, peak } = sampler.stop();
  return {
    format,
    bytes,
    seconds,
    megabytesPerSecond: bytes / MB / seconds,
    serverRssBeforeMb: first / MB,
    serverRssPeakMb: peak / MB,
    serverRssGrowthMb: (peak - first) / MB,
  };
}
