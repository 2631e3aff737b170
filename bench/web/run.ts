/**
 * `npm run bench:web`: what loading the chat page costs in Chromium, next to a bare static page served the
 * same way (Fastify → Next), from the browser's own performance timeline: first paint, first contentful
 * paint, largest contentful paint, and the JavaScript transferred (as sent, and gzip -9 of each script for a
 * server-independent figure). Cold cache, one new browser context per run; the median of RUNS runs.
 */
import { gzipSync } from 'node:zlib';
import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, requireChromium, startWebServer } from '../../tests/support/webServer';

const RUNS = Number(process.env.RUNS ?? 7);
const TARGET_LCP_MS = 1000;
const TARGET_JS_KB = 150;

interface Sample {
  firstPaint: number;
  fcp: number;
  lcp: number;
  jsTransferred: number;
  jsGzip: number;
  jsRaw: number;
  scripts: number;
}

const TIMELINE = `new Promise((resolve) => {
  let lcp = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) lcp = Math.max(lcp, e.startTime);
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  setTimeout(() => {
    const paint = Object.fromEntries(performance.getEntriesByType('paint').map((p) => [p.name, p.startTime]));
    const scripts = performance.getEntriesByType('resource').filter(
      (r) => r.initiatorType === 'script' || new URL(r.name).pathname.endsWith('.js'),
    );
    resolve({
      firstPaint: paint['first-paint'] ?? 0,
      fcp: paint['first-contentful-paint'] ?? 0,
      lcp,
      jsTransferred: scripts.reduce((n, r) => n + r.transferSize, 0),
      urls: scripts.map((r) => r.name),
    });
  }, 1500);
})`;

async function measure(browser: Browser, base: string, path: string, signIn: boolean): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  if (signIn) {
    const r = await context.request.post(`${base}/api/auth/demo`, {
      data: { handle: 'demo-client' },
      headers: { origin: base },
    });
    if (!r.ok()) throw new Error(`demo sign-in failed: ${r.status()}`);
  }
  const page = await context.newPage();
  await page.goto(`${base}${path}`, { waitUntil: 'load' });
  const t = (await page.evaluate(TIMELINE)) as Omit<Sample, 'jsGzip' | 'jsRaw' | 'scripts'> & {
    urls: string[];
  };
  let jsGzip = 0;
  let jsRaw = 0;
  for (const url of t.urls) {
    const body = Buffer.from(await (await context.request.get(url)).body());
    jsRaw += body.length;
    jsGzip += gzipSync(body, { level: 9 }).length;
  }
  await context.close();
  return { ...t, jsGzip, jsRaw, scripts: t.urls.length };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

async function main() {
  const executablePath = requireChromium();
  console.log('Starting the server as `npm start` does (builds web/ into web/.next-test when needed)…');
  const server = await startWebServer();
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    const pages = [
      { name: 'baseline (static HTML)', path: '/bench/baseline.html', signIn: false },
      { name: 'chat page (/chat)', path: '/chat', signIn: true },
    ];
    const rows: string[][] = [];
    const results: Record<string, Sample> = {};
    for (const p of pages) {
      await measure(browser, server.base, p.path, p.signIn); // warm the server's caches, not the browser's
      const samples: Sample[] = [];
      for (let i = 0; i < RUNS; i++) samples.push(await measure(browser, server.base, p.path, p.signIn));
      const m = (k: keyof Sample) => median(samples.map((s) => s[k]));
      results[p.name] = {
        firstPaint: m('firstPaint'),
        fcp: m('fcp'),
        lcp: m('lcp'),
        jsTransferred: m('jsTransferred'),
        jsGzip: m('jsGzip'),
        jsRaw: m('jsRaw'),
        scripts: m('scripts'),
      };
      const r = results[p.name]!;
      rows.push([
        p.name,
        `${r.firstPaint.toFixed(0)} ms`,
        `${r.fcp.toFixed(0)} ms`,
        `${r.lcp.toFixed(0)} ms`,
        String(r.scripts),
        `${(r.jsTransferred / 1024).toFixed(1)} kB`,
        `${(r.jsGzip / 1024).toFixed(1)} kB`,
        `${(r.jsRaw / 1024).toFixed(1)} kB`,
      ]);
    }
    const head = ['page', 'first paint', 'FCP', 'LCP', 'scripts', 'JS sent', 'JS gzip -9', 'JS raw'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
    console.log(`\nMedian of ${RUNS} cold loads each, Chromium headless, ${new Date().toISOString()}\n`);
    console.log(line(head));
    console.log(line(widths.map((w) => '-'.repeat(w))));
    for (const r of rows) console.log(line(r));
    const chat = results['chat page (/chat)']!;
    console.log(
      `\nTargets for the chat page: LCP ≤ ${TARGET_LCP_MS} ms → ${chat.lcp <= TARGET_LCP_MS ? 'met' : 'MISSED'}; ` +
        `JS ≤ ${TARGET_JS_KB} kB gzipped → ${chat.jsGzip / 1024 <= TARGET_JS_KB ? 'met' : 'MISSED'}`,
    );
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
