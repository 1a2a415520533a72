// The Chromium the e2e tests (playwright.config.ts) and the benchmarks launch: CHROMIUM_PATH or
// Debian's (Playwright cannot download its own browser here), software WebGL, no background traffic.
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // CHROMIUM_EXTRA_ARGS, for diagnosis only: e.g. '--js-flags=--trace-opt' (V8's compiles, read
  // through DEBUG=pw:browser) or '--disable-gpu-compositing' (the page composited without
  // SwiftShader). Budgets and tests are measured without it.
  ...(process.env.CHROMIUM_EXTRA_ARGS?.split(' ').filter(Boolean) ?? []),
];
