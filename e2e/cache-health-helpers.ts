// Cache damage for the cache-health spec, written through idb-helpers.ts: damaged or garbage
// records the way a crash, a bug or another program might, and valid seeded records.
import type { Page } from '@playwright/test';
import { cacheOps, gridKey, type RecordEdit } from './idb-helpers.ts';

export type Damage = 'flip-byte' | 'cut-half' | 'string-value';

const EDITS: Record<Damage, RecordEdit> = {
  'flip-byte': { how: 'flip-byte', at: 'middle' },
  'cut-half': { how: 'cut-half' },
  'string-value': { how: 'string-value' },
};

/** Damages stored grid records and adds garbage: unknown keys and an old-schema copy. */
export async function damageCache(page: Page, damage: ReadonlyArray<{ id: number; how: Damage }>, garbage: readonly string[]): Promise<void> {
  await cacheOps(page, [
    ...damage.map((d) => ({ op: 'edit' as const, key: gridKey(d.id), edit: EDITS[d.how] })),
    ...garbage.map((g) => (g.startsWith('v0|') ? { op: 'put' as const, key: g, zeros: 4096 } : { op: 'put' as const, key: g, text: `garbage ${g}` })),
    { op: 'put', key: `meta|${garbage[0] ?? 'x'}`, zeros: 48 },
  ]);
}

/**
 * Writes `count` valid grid records of `payloadBytes` random bytes (the cache's record format)
 * with their index entries: what the repair scan must read and keep.
 */
export async function seedValidRecords(page: Page, count: number, payloadBytes: number): Promise<void> {
  await cacheOps(page, [{ op: 'seed-valid', keys: Array.from({ length: count }, (_, i) => gridKey(900000000 + i)), payloadBytes }]);
}
