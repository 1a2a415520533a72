// `npm run dev:offline`: the app against the fake Allen server, no network needed.
// Starts e2e/fake-allen on 127.0.0.1:4599 and `vite` (dev) with VITE_ALLEN_API and
// VITE_ALLEN_DOWNLOAD pointing at it; forwards both outputs; Ctrl-C stops both.
// Extra arguments go to the fake server, e.g. `npm run dev:offline -- --fail-rate 0.1 --latency-ms 300`.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

const FAKE_PORT = 4599;
const FAKE_URL = `http://127.0.0.1:${FAKE_PORT}`;

function prefixed(child: ChildProcess, label: string): void {
  const forward = (stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream): void => {
    let pending = '';
    stream?.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) out.write(`[${label}] ${line}\n`);
    });
  };
  forward(child.stdout, process.stdout);
  forward(child.stderr, process.stderr);
}

async function waitForHealth(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(`${FAKE_URL}/__fake/health`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`fake Allen server did not answer ${FAKE_URL}/__fake/health`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const children: ChildProcess[] = [];
let stopping = false;

function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  // Children run in their own process groups (npx -> node), so signal each group by its id.
  for (const child of children) {
    if (child.exitCode !== null || child.pid === undefined) continue;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
  }
  setTimeout(() => process.exit(code), 500).unref();
}

async function main(): Promise<void> {
  const fake = spawn('npx', ['tsx', 'e2e/fake-allen/main.ts', '--port', String(FAKE_PORT), ...process.argv.slice(2)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(fake);
  prefixed(fake, 'fake-allen');
  fake.on('exit', (code) => {
    if (!stopping) {
      console.error(`[dev-offline] fake Allen server exited (${code ?? 'signal'})`);
      stopAll(1);
    }
  });
  await waitForHealth(60_000);
  const vite = spawn('npx', ['vite'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, VITE_ALLEN_API: FAKE_URL, VITE_ALLEN_DOWNLOAD: FAKE_URL },
  });
  children.push(vite);
  prefixed(vite, 'vite');
  vite.on('exit', (code) => stopAll(code ?? 0));
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
main().catch((e: unknown) => {
  console.error(`[dev-offline] ${e instanceof Error ? e.message : String(e)}`);
  stopAll(1);
});
