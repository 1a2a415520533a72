// Least-recently-used store for the large objects the compute worker keeps by key (aggregates,
// annotations, masks, projectome contexts). Caps both entry count and bytes; the entry just set
// is never evicted by its own insertion (an item larger than maxBytes is kept alone).
export interface LruOptions<T> {
  readonly maxEntries: number;
  readonly maxBytes?: number;
  readonly sizeOf: (value: T) => number;
  /** Extra eviction rule run before inserting: return keys that must go (e.g. one 25 µm volume). */
  readonly conflicts?: (incoming: T, held: ReadonlyMap<string, T>) => readonly string[];
  /** Called for every entry removed (evicted, replaced or deleted). */
  readonly onRemove?: (key: string, value: T) => void;
}

export class LruStore<T> {
  private readonly map = new Map<string, T>();
  constructor(private readonly opts: LruOptions<T>) {}

  get(key: string): T | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  /** Value without refreshing recency. */
  peek(key: string): T | undefined {
    return this.map.get(key);
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  set(key: string, value: T): void {
    this.delete(key);
    for (const k of this.opts.conflicts?.(value, this.map) ?? []) this.delete(k);
    this.map.set(key, value);
    const maxBytes = this.opts.maxBytes ?? Infinity;
    while (this.map.size > 1 && (this.map.size > this.opts.maxEntries || this.bytes() > maxBytes)) {
      const oldest = this.map.keys().next().value;
      if (oldest === undefined || oldest === key) break;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    const v = this.map.get(key);
    if (v === undefined) return;
    this.map.delete(key);
    this.opts.onRemove?.(key, v);
  }

  keys(): string[] {
    return [...this.map.keys()];
  }

  bytes(): number {
    let b = 0;
    for (const v of this.map.values()) b += this.opts.sizeOf(v);
    return b;
  }

  get size(): number {
    return this.map.size;
  }
}
