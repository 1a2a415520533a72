// The synthetic world: ontology, experiment metadata, geometry and the 100 µm label volume, built
// once at startup (fast); everything heavier (grids, PSU, finer annotations) is lazy elsewhere.
import { builtinOntologyRoots, LARGE_TARGET_SEEDS } from './builtin-ontology.ts';
import { distinctSyntheticAp, experimentsFromRealRows, medianSites, syntheticExperiments } from './experiments.ts';
import type { FakeExperiment } from './experiments.ts';
import { clampIntoBrain, Geometry } from './geometry.ts';
import type { SeedSite } from './geometry.ts';
import { Ontology } from './ontology.ts';
import type { RawStructureNode } from './ontology.ts';
import { unitHash } from './random.ts';
import { findSharedAllen, loadSharedAllen } from './shared-allen.ts';

/** The 100 µm CCF grid shared by density grids and annotation_100 (AP fastest). */
export const GRID = { nx: 132, ny: 80, nz: 114, resolutionUm: 100 } as const;
export const GRID_VOXELS = GRID.nx * GRID.ny * GRID.nz;
/** mm³ of one 100 µm voxel. */
export const VOXEL_MM3 = 0.001;

export type WorldMode = 'real' | 'builtin';

export interface WorldOptions {
  readonly seed: number;
  /** 'auto' uses the real ontology + metadata when the shared fixtures are found. */
  readonly mode: WorldMode | 'auto';
  /** Overrides the fixture lookup (null = do not look). */
  readonly sharedAllenDir?: string | null;
}

export interface World {
  readonly mode: WorldMode;
  readonly seed: number;
  readonly sharedAllenDir: string | null;
  readonly ontology: Ontology;
  /** JSON text of the msg array of structure_graph_download/1.json. */
  readonly ontologyText: string;
  readonly experiments: readonly FakeExperiment[];
  readonly experimentById: ReadonlyMap<number, FakeExperiment>;
  readonly geometry: Geometry;
  /** Leaf labels at 100 µm voxel centres, index = ap + 132 * (dv + 80 * ml); 0 = outside. */
  readonly labels100: Uint32Array;
  /** Per 100 µm voxel: compact index of its leaf label in `leafLabels`, -1 outside the brain. */
  readonly leafSlots: Int32Array;
  /** Distinct labels of labels100 (slot → structure id). */
  readonly leafLabels: Uint32Array;
  /** Voxels per structure (including descendants) at 100 µm: [left, right]. */
  readonly voxelCounts: ReadonlyMap<number, readonly [number, number]>;
  /** Structures with at least one voxel, in graph order. */
  readonly structuresWithVoxels: readonly number[];
}

export function buildWorld(options: WorldOptions): World {
  const sharedDir = options.sharedAllenDir === undefined ? findSharedAllen() : options.sharedAllenDir;
  const mode: WorldMode = options.mode === 'auto' ? (sharedDir ? 'real' : 'builtin') : options.mode;
  if (mode === 'real' && !sharedDir) throw new Error('world mode "real" needs the shared Allen fixtures (set BSV_SHARED_ALLEN)');
  let ontologyText: string;
  let ontology: Ontology;
  let experiments: FakeExperiment[];
  if (mode === 'real' && sharedDir) {
    const shared = loadSharedAllen(sharedDir);
    ontologyText = shared.ontologyText;
    ontology = new Ontology(JSON.parse(ontologyText) as RawStructureNode[]);
    experiments = experimentsFromRealRows(shared.experiments);
  } else {
    const roots = builtinOntologyRoots();
    ontologyText = JSON.stringify(roots);
    ontology = new Ontology(roots);
    experiments = syntheticExperiments(ontology, options.seed);
  }
  const sites: SeedSite[] = [];
  for (const [structureId, site] of medianSites(experiments)) {
    const jitter = (axis: string): number => (unitHash(options.seed, 'site', structureId, axis) - 0.5) * 80;
    sites.push({
      structureId,
      siteUm: clampIntoBrain([site[0] + jitter('x'), site[1] + jitter('y'), site[2] + jitter('z')]),
    });
  }
  for (const extra of LARGE_TARGET_SEEDS) if (ontology.has(extra.id)) sites.push({ structureId: extra.id, siteUm: extra.siteUm });
  const geometry = new Geometry(sites, ontology, options.seed);
  experiments = distinctSyntheticAp(experiments);
  const labels100 = geometry.labelVolume(GRID.resolutionUm);
  const voxelCounts = countVoxels(labels100, ontology);
  const { leafSlots, leafLabels } = slotLabels(labels100);
  const structuresWithVoxels = [...voxelCounts.keys()].sort((a, b) => ontology.graphOrder(a) - ontology.graphOrder(b));
  return {
    mode,
    seed: options.seed,
    sharedAllenDir: mode === 'real' ? sharedDir : null,
    ontology,
    ontologyText,
    experiments,
    experimentById: new Map(experiments.map((e) => [e.id, e])),
    geometry,
    labels100,
    leafSlots,
    leafLabels,
    voxelCounts,
    structuresWithVoxels,
  };
}

/** Hemisphere id (1 left, 2 right) of a 100 µm voxel index: ML centre < 5700 µm is left. */
export function hemisphereOfIndex(index: number): 1 | 2 {
  const k = Math.floor(index / (GRID.nx * GRID.ny));
  return (k + 0.5) * GRID.resolutionUm < 5700 ? 1 : 2;
}

function countVoxels(labels: Uint32Array, ontology: Ontology): Map<number, [number, number]> {
  const leafCounts = new Map<number, [number, number]>();
  for (let idx = 0; idx < labels.length; idx++) {
    const label = labels[idx] ?? 0;
    if (label === 0) continue;
    let c = leafCounts.get(label);
    if (!c) {
      c = [0, 0];
      leafCounts.set(label, c);
    }
    if (hemisphereOfIndex(idx) === 1) c[0] += 1;
    else c[1] += 1;
  }
  const out = new Map<number, [number, number]>();
  for (const [label, [l, r]] of leafCounts) {
    for (const a of ontology.ancestorsInclusive(label)) {
      const c = out.get(a) ?? [0, 0];
      c[0] += l;
      c[1] += r;
      out.set(a, c);
    }
  }
  return out;
}

function slotLabels(labels: Uint32Array): { leafSlots: Int32Array; leafLabels: Uint32Array } {
  const slotOf = new Map<number, number>();
  const leafSlots = new Int32Array(labels.length).fill(-1);
  for (let idx = 0; idx < labels.length; idx++) {
    const label = labels[idx] ?? 0;
    if (label === 0) continue;
    let slot = slotOf.get(label);
    if (slot === undefined) {
      slot = slotOf.size;
      slotOf.set(label, slot);
    }
    leafSlots[idx] = slot;
  }
  return { leafSlots, leafLabels: Uint32Array.from(slotOf.keys()) };
}
