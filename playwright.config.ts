import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from './e2e/chromium.ts';

// Ports can be moved (E2E_FAKE_PORT / E2E_APP_PORT / E2E_DEV_PORT / E2E_STATIC_PORT) so two
// checkouts can run e2e side by side.
export const FAKE_ALLEN_PORT = Number(process.env.E2E_FAKE_PORT ?? 4599);
const APP_PORT = Number(process.env.E2E_APP_PORT ?? 4173);
const DEV_PORT = Number(process.env.E2E_DEV_PORT ?? APP_PORT + 10);
const FAKE_URL = `http://127.0.0.1:${FAKE_ALLEN_PORT}`;
/** The static build (e2e/static-deploy.spec.ts): plain file server, base path /bsv/, no proxy. */
const STATIC_PORT = Number(process.env.E2E_STATIC_PORT ?? APP_PORT + 20);
// Its mirror: the same files from another origin (localhost, not 127.0.0.1), with CORS.
const STATIC_MIRROR = `http://localhost:${STATIC_PORT}/bsv/allen-download`;

const launchOptions = { executablePath: CHROMIUM, args: CHROMIUM_ARGS };

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  // One worker: the specs share the fake server's faults and request log, and on the 2-core CI
  // machine a second worker was slower anyway (10 specs that touch neither: 200 s against 177 s,
  // 7 December): every test is CPU-bound, software WebGL included.
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000, toHaveScreenshot: { maxDiffPixelRatio: 0.02 } },
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }], ...(process.env.CI ? [] : [['html', { open: 'never' }] as const])],
  snapshotPathTemplate: '{testDir}/__screenshots__/{testFilePath}/{arg}{ext}',
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: '**/dev-*.spec.ts',
      // The production build registers an app-shell service worker (vite-offline.config.ts). Specs
      // run without it (page.route cannot see what a service worker handles, and a test should not
      // pay for precaching); e2e/offline.spec.ts allows it.
      use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 }, launchOptions, serviceWorkers: 'block' },
    },
    {
      // `vite` dev (React StrictMode: every component mounts, unmounts and mounts again) against the
      // same fake Allen server: what `npm run dev` / `npm run dev:offline` serve.
      name: 'dev-strict-mode',
      testMatch: '**/dev-*.spec.ts',
      use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 }, launchOptions, baseURL: `http://127.0.0.1:${DEV_PORT}` },
    },
  ],
  webServer: [
    {
      command: `npx tsx e2e/fake-allen/main.ts --port ${FAKE_ALLEN_PORT}`,
      url: `http://127.0.0.1:${FAKE_ALLEN_PORT}/__fake/health`,
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
    },
    {
      // Process env beats .env.e2e in Vite, so the build points at the fake server's port.
      command: `export VITE_ALLEN_API=${FAKE_URL} VITE_ALLEN_DOWNLOAD=${FAKE_URL}; npx vite build --mode e2e && npx vite preview --mode e2e --host 127.0.0.1 --port ${APP_PORT} --strictPort`,
      url: `http://127.0.0.1:${APP_PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
    },
    {
      // `npm run build` as a deployer runs it (base path, a mirror), `npm run fetch-atlas` from the
      // fake into the output, then a plain static file server: what a lab server or GitHub Pages does.
      command:
        `export VITE_ALLEN_API=${FAKE_URL} VITE_ALLEN_DOWNLOAD=${FAKE_URL} VITE_ALLEN_DOWNLOAD_MIRROR=${STATIC_MIRROR}; ` +
        `npx vite build --mode e2e-static --base /bsv/ && npx tsx scripts/fetch-atlas.ts --out dist-static --force && ` +
        `npx tsx scripts/static-server.ts --root dist-static --base /bsv/ --port ${STATIC_PORT} --cors-under allen-download`,
      url: `http://127.0.0.1:${STATIC_PORT}/bsv/`,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
    },
    {
      command: `export VITE_ALLEN_API=${FAKE_URL} VITE_ALLEN_DOWNLOAD=${FAKE_URL}; npx vite --mode e2e --host 127.0.0.1 --port ${DEV_PORT} --strictPort`,
      url: `http://127.0.0.1:${DEV_PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
    },
  ],
});
