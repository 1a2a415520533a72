// Deterministic randomness for the synthetic world. Nothing here uses Math.random: every value is a
// pure function of the world seed and a key, so the same seed always yields the same world.

/** 32-bit hash of the given parts (FNV-1a over their string forms, then murmur3's finaliser). */
export function hash32(...parts: ReadonlyArray<number | string>): number {
  let h = 0x811c9dc5;
  const text = parts.join('\u0001');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform number in [0, 1) determined by the parts. */
export function unitHash(...parts: ReadonlyArray<number | string>): number {
  return hash32(...parts) / 4294967296;
}

/** mulberry32 stream: returns uniform numbers in [0, 1). */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Stream keyed by parts, e.g. rngFor(seed, 'profile', structureId). */
export function rngFor(...parts: ReadonlyArray<number | string>): () => number {
  return createRng(hash32(...parts));
}

export function pick<T>(rng: () => number, items: readonly T[]): T | undefined {
  return items[Math.floor(rng() * items.length)];
}

export function between(rng: () => number, lo: number, hi: number): number {
  return lo + (hi - lo) * rng();
}
