// The Chromium the e2e tests (playwright.config.ts) and the benchmarks launch: CHROMIUM_PATH or
// Debian's (Playwright cannot download its own browser here), software WebGL, no background traffic.
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

/**
 * Playwright's own `--disable-features` list (playwright-core 1.65, chromiumSwitches.ts). Chromium
 * keeps only the last `--disable-features` of its command line, and Playwright puts ours after its
 * own, so ours repeats it (scripts/chromium-args.test.ts fails when Playwright's list changes).
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

/**
 * Chromium 156 in headless mode opens two omnibox popups (chrome://omnibox-popup.top-chrome/ and
 * its "AI mode" page) for every new browser context, each test's and each bench load's: a renderer
 * that burnt ~1.2–1.5 s of CPU in the context's first seconds, on the same two cores as the page
 * being measured. A user's browser made its popups once, at its own start, not per page.
 */
export const TEST_DISABLED_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'];

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...TEST_DISABLED_FEATURES].join(',')}`,
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // CHROMIUM_EXTRA_ARGS, for diagnosis only: e.g. '--js-flags=--trace-opt' (V8's compiles, read
  // through DEBUG=pw:browser) or '--disable-gpu-compositing' (the page composited without
  // SwiftShader). Budgets and tests are measured without it. A --disable-features there replaces
  // the list above (Chromium keeps the last one).
  ...(process.env.CHROMIUM_EXTRA_ARGS?.split(' ').filter(Boolean) ?? []),
];
