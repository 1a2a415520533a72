// How CCF µm [AP, DV, ML] maps into the 3D scene (pure). The scene is in mm, centred on the
// brain's middle, y up: x = (ML − 5700)/1000 (right +), y = −(DV − 4000)/1000 (dorsal +),
// z = (AP − 6600)/1000 (posterior +). The map is a rotation (det +1), so triangle winding and
// outward normals survive it. Camera presets look at the origin.

export type Vec3 = readonly [number, number, number];

export const SCENE_CENTER_UM: Vec3 = [6600, 4000, 5700];

export function ccfToScene(ap: number, dv: number, ml: number): Vec3 {
  return [(ml - SCENE_CENTER_UM[2]) / 1000, (SCENE_CENTER_UM[1] - dv) / 1000, (ap - SCENE_CENTER_UM[0]) / 1000];
}

/**
 * Column-major 4×4 matrix (three's Matrix4.fromArray order) of ccfToScene, to put meshes that
 * keep CCF µm positions into the scene without rewriting their buffers.
 */
export function ccfToSceneMatrix(): number[] {
  const k = 1 / 1000;
  const [cap, cdv, cml] = SCENE_CENTER_UM;
  // columns: image of AP, image of DV, image of ML, translation
  return [0, 0, k, 0, 0, -k, 0, 0, k, 0, 0, 0, -cml * k, cdv * k, -cap * k, 1];
}

export type CameraPresetName = 'iso' | 'top' | 'side' | 'front';

export interface CameraPose {
  readonly position: Vec3;
  readonly up: Vec3;
}

/**
 * Camera positions at `distance` mm from the origin, up = +y (dorsal). iso and side look from
 * the animal's left with anterior on the screen's left; top looks down from dorsal (anterior
 * left, right hemisphere at the top); front looks from anterior (the animal's left on the right).
 */
export function cameraPose(preset: CameraPresetName, distance: number): CameraPose {
  const up: Vec3 = [0, 1, 0];
  switch (preset) {
    case 'top':
      // a hair off the pole so the orbit controls keep a defined azimuth
      return { position: [-distance * 0.002, distance, 0], up };
    case 'side':
      return { position: [-distance, 0, 0], up };
    case 'front':
      return { position: [0, 0, -distance], up };
    case 'iso': {
      const el = (25 * Math.PI) / 180;
      const az = (30 * Math.PI) / 180;
      return { position: [-distance * Math.cos(el) * Math.cos(az), distance * Math.sin(el), -distance * Math.cos(el) * Math.sin(az)], up };
    }
  }
}

/** Where the orientation labels sit (CCF µm, just outside the brain). */
export const ORIENTATION_LABELS: ReadonlyArray<{ readonly text: string; readonly ccf: Vec3 }> = [
  { text: 'Anterior', ccf: [-600, 4000, 5700] },
  { text: 'Posterior', ccf: [13800, 4000, 5700] },
  { text: 'Dorsal', ccf: [6600, -700, 5700] },
  { text: 'Ventral', ccf: [6600, 8700, 5700] },
  { text: 'Left', ccf: [6600, 4000, -500] },
  { text: 'Right', ccf: [6600, 4000, 11900] },
];
