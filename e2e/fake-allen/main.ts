// Fake Allen server for e2e tests and offline development.
//   npx tsx e2e/fake-allen/main.ts --port 4599 [--host 127.0.0.1] [--seed 1] [--world auto|real|builtin]
//     [--shared-allen DIR] [--no-disk-cache] [--no-warm]
//     [--fail-first K] [--fail-rate P] [--latency-ms MS] [--success-false-rate P]
//     [--truncate-rate P] [--short-body-rate P] [--match SUBSTRING] [--status CODE] [--no-cors SUBSTRING]…
// Ready when GET /__fake/health answers 200. Control API: see server/control-routes.ts.
import { join } from 'node:path';
import type { FaultConfig } from './server/faults.ts';
import { startFakeAllen } from './server/server.ts';
import { REPO_ROOT } from './world/shared-allen.ts';

const FAULT_FLAGS: Readonly<Record<string, keyof FaultConfig>> = {
  '--fail-first': 'failFirst',
  '--fail-rate': 'failRate',
  '--latency-ms': 'latencyMs',
  '--success-false-rate': 'successFalseRate',
  '--truncate-rate': 'truncateRate',
  '--short-body-rate': 'shortBodyRate',
  '--match': 'match',
  '--status': 'status',
};

function parseArgs(argv: readonly string[]): Parameters<typeof startFakeAllen>[0] {
  const faults: Record<string, number | string> = {};
  let port = 4599;
  let host = '127.0.0.1';
  let seed = 1;
  let mode: 'auto' | 'real' | 'builtin' = 'auto';
  let sharedAllenDir: string | undefined;
  let cacheDir: string | null = join(REPO_ROOT, '.fake-allen-data');
  let warm = true;
  const noCors: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const faultKey = FAULT_FLAGS[flag];
    if (faultKey) faults[faultKey] = faultKey === 'match' ? value() : Number(value());
    else if (flag === '--no-cors') noCors.push(value());
    else if (flag === '--port') port = Number(value());
    else if (flag === '--host') host = value();
    else if (flag === '--seed') seed = Number(value());
    else if (flag === '--world') {
      const v = value();
      if (v !== 'auto' && v !== 'real' && v !== 'builtin') throw new Error('--world must be auto, real or builtin');
      mode = v;
    } else if (flag === '--shared-allen') sharedAllenDir = value();
    else if (flag === '--no-disk-cache') cacheDir = null;
    else if (flag === '--no-warm') warm = false;
    else throw new Error(`unknown flag ${flag}`);
  }
  const parsed = noCors.length > 0 ? { ...faults, noCors } : faults;
  return { port, host, seed, mode, sharedAllenDir, cacheDir, warm, faults: parsed as Partial<FaultConfig> };
}

async function main(): Promise<void> {
  const fake = await startFakeAllen(parseArgs(process.argv.slice(2)));
  const w = fake.world;
  console.log(
    `fake-allen: ${fake.url} (world ${w.mode}, seed ${w.seed}, ${w.experiments.length} experiments, ` +
      `${w.structuresWithVoxels.length} structures with voxels; ready in ${Math.round(fake.timingsMs.get('startup') ?? 0)} ms)`,
  );
  const stop = (): void => {
    void fake.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`fake-allen: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
