// The r3f scene: translucent brain shell, target surface in its ontology colour, optional density
// surface, injection spheres (radius = equal-volume sphere of the injection, coloured by query
// region) and orientation labels. Meshes keep CCF µm and sit in a group carrying ccfToScene.
// Frames are rendered by FrameSignal (manual render, demand frame loop), which reports the scene
// key of the first frame drawn after that scene's meshes were mounted. Labels live in an overlay
// scene drawn last, over everything.
import { Canvas, createPortal, useFrame, useThree } from '@react-three/fiber';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, type RefObject } from 'react';
import { BufferAttribute, BufferGeometry, DoubleSide, FrontSide, Matrix4, Scene, SphereGeometry, type Camera, type Sprite, type WebGLRenderer } from 'three';
import { ORIENTATION_LABELS, ccfToScene, ccfToSceneMatrix, cameraPose, type CameraPresetName } from '../../render/ccf-scene.ts';
import { rgbToHex } from '../../render/colormaps.ts';
import { sphereRadiusUm, type InjectionSite, type InjectionSites } from '../../render/injection-sites.ts';
import { CAMERA_DISTANCE_MM, OrbitControls, type OrbitHandle } from './orbit-controls.tsx';
import type { SceneCapture } from './brain-3d-export.ts';
import { textSprite } from './text-sprite.ts';
import { DENSITY_COLOR, type SceneSurfaces } from './scene-surfaces.ts';
import type { PreparedMesh } from './use-meshes.ts';

export interface Brain3dSceneProps {
  readonly surfaces: SceneSurfaces;
  readonly sites: InjectionSites | null;
  /** Names the inputs drawn; reported back through onDrawn once a frame shows them. */
  readonly sceneKey: string;
  readonly onDrawn: (sceneKey: string) => void;
  readonly preset: CameraPresetName;
  readonly autoRotate: boolean;
  readonly orbit: RefObject<OrbitHandle | null>;
  /** Set while mounted: draws the frame again at a pixel ratio and returns a copy (PNG export). */
  readonly captureRef: RefObject<SceneCapture | null>;
  /** The injection sphere last pointed at (kept after the pointer leaves, so its link can be followed). */
  readonly onHoverSite: (site: InjectionSite | null) => void;
}

const CCF_MATRIX = new Matrix4().fromArray(ccfToSceneMatrix());

function Surface({
  mesh,
  color,
  opacity,
  renderOrder,
  doubleSide,
}: {
  mesh: PreparedMesh;
  color: string;
  opacity: number;
  renderOrder: number;
  doubleSide: boolean;
}) {
  const geometry = useMemo(() => {
    const g = new BufferGeometry();
    g.setAttribute('position', new BufferAttribute(mesh.positions, 3));
    g.setAttribute('normal', new BufferAttribute(mesh.normals, 3));
    g.setIndex(new BufferAttribute(mesh.indices, 1));
    g.computeBoundingSphere();
    return g;
  }, [mesh]);
  useEffect(() => () => geometry.dispose(), [geometry]);
  return (
    <mesh geometry={geometry} renderOrder={renderOrder}>
      <meshLambertMaterial color={color} transparent={opacity < 1} opacity={opacity} depthWrite={opacity >= 1} side={doubleSide ? DoubleSide : FrontSide} />
    </mesh>
  );
}

function Spheres({ sites, onHover }: { sites: InjectionSites; onHover: (site: InjectionSite | null) => void }) {
  const sphere = useMemo(() => new SphereGeometry(1, 20, 14), []);
  useEffect(() => () => sphere.dispose(), [sphere]);
  return (
    <group>
      {sites.sites.map((s) => {
        const r = sphereRadiusUm(s.volumeMm3) / 1000;
        const color = rgbToHex(sites.groups[s.group]?.color ?? [0, 0, 0]);
        return (
          <mesh
            key={s.experimentId}
            geometry={sphere}
            position={[...ccfToScene(s.coordUm[0], s.coordUm[1], s.coordUm[2])]}
            scale={[r, r, r]}
            onPointerOver={(e) => {
              e.stopPropagation();
              onHover(s);
            }}
          >
            <meshLambertMaterial color={color} />
          </mesh>
        );
      })}
    </group>
  );
}

function Labels() {
  const sprites = useMemo(
    () =>
      ORIENTATION_LABELS.flatMap(({ text, ccf }) => {
        const s = textSprite(text, 0.6);
        if (!s) return [];
        s.position.set(...ccfToScene(ccf[0], ccf[1], ccf[2]));
        return [s];
      }),
    [],
  );
  useEffect(
    () => () =>
      sprites.forEach((s: Sprite) => {
        s.material.map?.dispose();
        s.material.dispose();
      }),
    [sprites],
  );
  return (
    <group>
      {sprites.map((s) => (
        <primitive key={s.uuid} object={s} />
      ))}
    </group>
  );
}

function renderFrame(gl: WebGLRenderer, scene: Scene, camera: Camera, overlay: Scene): void {
  gl.autoClear = false;
  gl.clear();
  gl.render(scene, camera);
  gl.clearDepth();
  gl.render(overlay, camera);
}

/**
 * Renders the scene, then the labels of `overlay` on top of everything (depth cleared between).
 * Its capture draws the same frame at another pixel ratio, copies it, and restores the canvas and
 * its frame in the same task (the larger frame is never presented).
 */
function FrameSignal({
  sceneKey,
  onDrawn,
  overlay,
  captureRef,
}: {
  sceneKey: string;
  onDrawn: (k: string) => void;
  overlay: Scene;
  captureRef: RefObject<SceneCapture | null>;
}) {
  const mounted = useRef<string | null>(null);
  const reported = useRef<string | null>(null);
  const invalidate = useThree((s) => s.invalidate);
  const get = useThree((s) => s.get);
  useLayoutEffect(() => {
    mounted.current = sceneKey;
    invalidate();
  }, [sceneKey, invalidate]);
  const capture = useCallback<SceneCapture>(
    (pixelRatio) => {
      const { gl, scene, camera } = get();
      const previous = gl.getPixelRatio();
      try {
        gl.setPixelRatio(pixelRatio);
        renderFrame(gl, scene, camera, overlay);
        const src = gl.domElement;
        const copy = document.createElement('canvas');
        copy.width = src.width;
        copy.height = src.height;
        const g = copy.getContext('2d', { willReadFrequently: true });
        if (!g) throw new Error('a 2D canvas is not available in this browser');
        g.drawImage(src, 0, 0);
        return copy;
      } finally {
        gl.setPixelRatio(previous);
        renderFrame(gl, scene, camera, overlay);
      }
    },
    [get, overlay],
  );
  useEffect(() => {
    captureRef.current = capture;
    return () => {
      if (captureRef.current === capture) captureRef.current = null;
    };
  }, [captureRef, capture]);
  useFrame(({ gl, scene, camera }) => {
    renderFrame(gl, scene, camera, overlay);
    const k = mounted.current;
    if (k !== null && reported.current !== k) {
      reported.current = k;
      onDrawn(k);
    }
  }, 1);
  return null;
}

export function Brain3dScene({ surfaces, sites, sceneKey, onDrawn, preset, autoRotate, orbit, captureRef, onHoverSite }: Brain3dSceneProps) {
  const initial = cameraPose(preset, CAMERA_DISTANCE_MM);
  const overlay = useMemo(() => new Scene(), []);
  return (
    <Canvas
      frameloop={autoRotate ? 'always' : 'demand'}
      gl={{ preserveDrawingBuffer: true, antialias: true }}
      dpr={1}
      camera={{ fov: 35, near: 0.5, far: 500, position: [...initial.position] }}
      onCreated={({ gl }) => {
        gl.setClearColor('#ffffff', 1);
      }}
    >
      <color attach="background" args={['#ffffff']} />
      <ambientLight intensity={0.9} />
      <directionalLight position={[-12, 20, -10]} intensity={1.6} />
      <directionalLight position={[12, -6, 14]} intensity={0.6} />
      <group matrix={CCF_MATRIX} matrixAutoUpdate={false}>
        {surfaces.density && <Surface mesh={surfaces.density} color={DENSITY_COLOR} opacity={0.5} renderOrder={2} doubleSide={false} />}
        {surfaces.target && <Surface mesh={surfaces.target.mesh} color={surfaces.target.color} opacity={0.8} renderOrder={1} doubleSide={false} />}
        {surfaces.outline && <Surface mesh={surfaces.outline} color="#8a9099" opacity={0.08} renderOrder={3} doubleSide />}
      </group>
      {sites && <Spheres sites={sites} onHover={onHoverSite} />}
      {createPortal(<Labels />, overlay)}
      <OrbitControls preset={preset} autoRotate={autoRotate} handle={orbit} />
      <FrameSignal sceneKey={sceneKey} onDrawn={onDrawn} overlay={overlay} captureRef={captureRef} />
    </Canvas>
  );
}
