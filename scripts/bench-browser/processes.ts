// Child processes for `npm run bench:browser`: the fake Allen server and `vite preview`, each in
// its own process group (detached) so stopping kills npx and the node it started. Every child
// started here is recorded and stopped by stopAll(), including on error and on SIGINT/SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

const children: ChildProcess[] = [];
const logs = new Map<ChildProcess, string[]>();

/** Starts a long-running child; its last output lines are kept for error messages. */
export function startChild(label: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const child = spawn(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env });
  const lines: string[] = [];
  logs.set(child, lines);
  const keep = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(`[${label}] ${line}`);
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  children.push(child);
  return child;
}

/** The last output lines of every child started so far, with exit codes (for failure reports). */
export function allRecentOutput(): string {
  return [...logs].map(([child, lines]) => `${lines.join('\n')}\n(exit ${child.exitCode ?? child.signalCode ?? 'running'})`).join('\n');
}

export function recentOutput(child: ChildProcess): string {
  return (logs.get(child) ?? []).join('\n');
}

/** Runs a command to completion; throws with its output when it fails. */
export function runToCompletion(command: string, args: readonly string[], env: NodeJS.ProcessEnv): void {
  const r = spawnSync(command, [...args], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status ?? r.signal ?? '?'}):\n${r.stdout}\n${r.stderr}`);
}

/** Polls url until it answers 2xx (the only wait on a child; startup has no other signal). */
export async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`process for ${url} exited (${child.exitCode}):\n${recentOutput(child)}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${recentOutput(child)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function stopAll(): void {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) continue;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopAll();
    process.exit(130);
  });
}
process.on('exit', stopAll);

/**
 * Builds the e2e app into `dist` pointed at the fake Allen server on `fakePort`, starts the fake
 * (with `fakeArgs`) and `vite preview` on `appPort`, and waits until both answer.
 */
export async function startBenchApp(dist: string, fakePort: number, appPort: number, fakeArgs: readonly string[] = []): Promise<void> {
  const fakeUrl = `http://127.0.0.1:${fakePort}`;
  const env = { ...process.env, VITE_ALLEN_API: fakeUrl, VITE_ALLEN_DOWNLOAD: fakeUrl };
  console.log(`building the e2e app into ${dist} (API → ${fakeUrl}) …`);
  // BENCH_NO_MINIFY=1 keeps function names for the traces' CPU profiles (BENCH_TRACE_*)
  const minify = process.env.BENCH_NO_MINIFY ? ['--minify', 'false'] : [];
  runToCompletion('npx', ['vite', 'build', '--mode', 'e2e', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn', ...minify], env);
  const fakeProc = startChild('fake-allen', 'npx', ['tsx', 'e2e/fake-allen/main.ts', '--port', String(fakePort), ...fakeArgs]);
  const previewProc = startChild(
    'preview',
    'npx',
    ['vite', 'preview', '--mode', 'e2e', '--outDir', dist, '--host', '127.0.0.1', '--port', String(appPort), '--strictPort'],
    env,
  );
  await waitForHttp(`${fakeUrl}/__fake/health`, fakeProc, 60_000);
  await waitForHttp(`http://127.0.0.1:${appPort}`, previewProc, 60_000);
}
