// What the 3D scene draws, kept apart from brain-3d-scene.tsx so the view can name it without
// loading three.js, which is split into its own chunk and fetched when the 3D view first opens.
import type { PreparedMesh } from './use-meshes.ts';

export interface SceneSurfaces {
  readonly outline: PreparedMesh | null;
  readonly target: { readonly mesh: PreparedMesh; readonly color: string } | null;
  readonly density: PreparedMesh | null;
}

export const DENSITY_COLOR = '#c2185b';
