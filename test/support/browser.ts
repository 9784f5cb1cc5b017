import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';

/** Debian's Chromium, driven by playwright-core (never `npx playwright install`). */
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

const root = path.resolve(__dirname, '../..');

/**
 * Builds the page as `npm run build` does (bundle src/explorer, copy the vendored builds into dist/explorer)
 * and launches headless Chromium; throws with what to install when Chromium is missing.
 */
export async function buildAndLaunch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the explorer test needs Debian's Chromium. Install it with \`apt-get update && apt-get install -y chromium\` (never \`npx playwright install\`).`);
  }
  execFileSync('npm', ['run', 'build:explorer', '--silent'], { cwd: root, stdio: 'inherit' });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
}

/** What a watched page did wrong: requests off 127.0.0.1, failed requests and HTTP errors, console errors and exceptions. */
export interface PageFaults {
  external: string[];
  failed: string[];
  errors: string[];
}

/** Returns empty lists of faults to fill with {@link watchPage}. */
export const noFaults = (): PageFaults => ({ external: [], failed: [], errors: [] });

/**
 * Records on `target`'s lists what `tab` does wrong: requests off 127.0.0.1, failed requests and HTTP errors
 * (their URL shown through `shown`), console errors and uncaught exceptions; `onRequest` sees every request too.
 */
export function watchPage(tab: Page, target: PageFaults, shown: (url: string) => string = (url) => url, onRequest?: (req: Request) => void): void {
  tab.on('request', (req) => {
    const url = new URL(req.url());
    if (['data:', 'blob:', 'about:'].includes(url.protocol)) return;
    if (url.hostname !== '127.0.0.1') target.external.push(req.url());
    onRequest?.(req);
  });
  tab.on('requestfailed', (req) => target.failed.push(`${req.method()} ${req.url()}: ${req.failure()?.errorText}`));
  tab.on('response', (res) => {
    if (res.status() >= 400) target.failed.push(`${res.request().method()} ${shown(res.url())}: HTTP ${res.status()}`);
  });
  tab.on('console', (msg) => {
    if (msg.type() === 'error') target.errors.push(msg.text());
  });
  tab.on('pageerror', (err) => target.errors.push(err.message));
}
