// Marching-cubes case table, generated (not copied) on first use.
// Corner c of a cell has offset (c & 1, (c >> 1) & 1, (c >> 2) & 1) along (AP, DV, ML).
// A corner is "inside" when its value > iso. For each of the 256 cases the surface is built by
// cutting every cube face: a face with 2 crossed edges gets one segment; an ambiguous face
// (4 crossed edges) always separates its inside corners. The rule depends only on the face's
// corner signs, so the two cells sharing a face cut it identically: the mesh has no cracks.
// Segments are oriented so that, seen from outside the cube, inside corners lie on their left;
// they then chain into closed loops, which are fan-triangulated and reversed so that triangle
// normals (right-hand rule) point from inside to outside (toward decreasing values).

/** Edge e joins corners EDGE_CORNERS[2e] and EDGE_CORNERS[2e+1]; the second has bit EDGE_AXIS[e] set. */
export const EDGE_CORNERS = new Uint8Array(24);
/** Axis (0 = AP, 1 = DV, 2 = ML) along which edge e runs. */
export const EDGE_AXIS = new Uint8Array(12);

const edgeOf = new Map<number, number>();
{
  let e = 0;
  for (let axis = 0; axis < 3; axis++) {
    for (let c0 = 0; c0 < 8; c0++) {
      if (c0 & (1 << axis)) continue;
      const c1 = c0 | (1 << axis);
      EDGE_CORNERS[2 * e] = c0;
      EDGE_CORNERS[2 * e + 1] = c1;
      EDGE_AXIS[e] = axis;
      edgeOf.set(c0 * 8 + c1, e);
      edgeOf.set(c1 * 8 + c0, e);
      e++;
    }
  }
}

function edgeBetween(a: number, b: number): number {
  const e = edgeOf.get(a * 8 + b);
  if (e === undefined) throw new Error(`corners ${a} and ${b} are not adjacent`);
  return e;
}

function cornerPos(c: number): [number, number, number] {
  return [c & 1, (c >> 1) & 1, (c >> 2) & 1];
}

function edgeMid(e: number): [number, number, number] {
  const a = cornerPos(EDGE_CORNERS[2 * e] ?? 0);
  const b = cornerPos(EDGE_CORNERS[2 * e + 1] ?? 0);
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];
}

/** Oriented segments [fromEdge, toEdge] for one case. */
function caseSegments(caseIndex: number): [number, number][] {
  const segs: [number, number][] = [];
  const inside = (c: number): boolean => ((caseIndex >> c) & 1) === 1;
  for (let axis = 0; axis < 3; axis++) {
    const u = (axis + 1) % 3;
    const v = (axis + 2) % 3;
    for (let side = 0; side < 2; side++) {
      const base = side << axis;
      // cyclic corners of the face in (u, v): (0,0) (1,0) (1,1) (0,1)
      const ring = [base, base | (1 << u), base | (1 << u) | (1 << v), base | (1 << v)];
      const normal: [number, number, number] = [0, 0, 0];
      normal[axis] = side === 1 ? 1 : -1;
      const crossed: number[] = [];
      for (let i = 0; i < 4; i++) {
        const a = ring[i] ?? 0;
        const b = ring[(i + 1) % 4] ?? 0;
        if (inside(a) !== inside(b)) crossed.push(i);
      }
      const pairs: { e0: number; e1: number; ref: number }[] = [];
      if (crossed.length === 2) {
        const i0 = crossed[0] ?? 0;
        const i1 = crossed[1] ?? 0;
        const e0 = edgeBetween(ring[i0] ?? 0, ring[(i0 + 1) % 4] ?? 0);
        const e1 = edgeBetween(ring[i1] ?? 0, ring[(i1 + 1) % 4] ?? 0);
        const ref = ring.find((c) => inside(c)) ?? 0;
        pairs.push({ e0, e1, ref });
      } else if (crossed.length === 4) {
        for (let i = 0; i < 4; i++) {
          const c = ring[i] ?? 0;
          if (!inside(c)) continue;
          const prev = ring[(i + 3) % 4] ?? 0;
          const next = ring[(i + 1) % 4] ?? 0;
          pairs.push({ e0: edgeBetween(prev, c), e1: edgeBetween(c, next), ref: c });
        }
      }
      for (const { e0, e1, ref } of pairs) {
        const p = edgeMid(e0);
        const q = edgeMid(e1);
        const d = [q[0] - p[0], q[1] - p[1], q[2] - p[2]];
        const left = [
          normal[1] * (d[2] ?? 0) - normal[2] * (d[1] ?? 0),
          normal[2] * (d[0] ?? 0) - normal[0] * (d[2] ?? 0),
          normal[0] * (d[1] ?? 0) - normal[1] * (d[0] ?? 0),
        ];
        const r = cornerPos(ref);
        const dot = (left[0] ?? 0) * (r[0] - p[0]) + (left[1] ?? 0) * (r[1] - p[1]) + (left[2] ?? 0) * (r[2] - p[2]);
        segs.push(dot > 0 ? [e0, e1] : [e1, e0]);
      }
    }
  }
  return segs;
}

/** Triangles of one case as edge-id triples, wound outward. */
function caseTriangles(caseIndex: number): number[] {
  const segs = caseSegments(caseIndex);
  const next = new Map<number, number>();
  for (const [a, b] of segs) {
    if (next.has(a)) throw new Error(`case ${caseIndex}: edge ${a} starts two segments`);
    next.set(a, b);
  }
  const tris: number[] = [];
  const used = new Set<number>();
  for (const [start] of segs) {
    if (used.has(start)) continue;
    const loop: number[] = [];
    let e: number | undefined = start;
    while (e !== undefined && !used.has(e)) {
      used.add(e);
      loop.push(e);
      e = next.get(e);
    }
    if (e !== start) throw new Error(`case ${caseIndex}: open loop`);
    const l0 = loop[0] ?? 0;
    for (let i = 1; i + 1 < loop.length; i++) tris.push(l0, loop[i + 1] ?? 0, loop[i] ?? 0);
  }
  return tris;
}

/** The 256 cases' triangles: offsets[c]..offsets[c+1] indexes tris (edge ids, 3 per triangle). */
export interface CaseTable {
  readonly offsets: Uint16Array;
  readonly tris: Uint8Array;
}

let table: CaseTable | null = null;

/**
 * The case table, built on first use: the compute worker that imports this module starts on
 * every page, the 3D view that marches is opened on few (building it at module load cost every
 * worker start ~40 ms of V8 compiling caseSegments and caseTriangles, measured with --trace-opt).
 */
export function caseTable(): CaseTable {
  if (table) return table;
  const offsets = new Uint16Array(257);
  const all: number[] = [];
  for (let c = 0; c < 256; c++) {
    offsets[c] = all.length;
    all.push(...caseTriangles(c));
  }
  offsets[256] = all.length;
  table = { offsets, tris: Uint8Array.from(all) };
  return table;
}
