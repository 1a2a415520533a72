// The r3f scene: translucent brain shell, target surface in its ontology colour, optional density
// surface, injection spheres (radius = equal-volume sphere of the injection, coloured by query
// region) and orientation labels. Meshes keep CCF µm and sit in a group carrying ccfToScene.
// Frames are rendered by FrameSignal (manual render, demand frame loop), which reports the scene
// key of the first frame drawn after that scene's meshes were mounted. Labels live in an overlay
// scene drawn last, over everything.
import { Canvas, createPortal, useFrame, useThree } from '@react-three/fiber';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import {
  BufferAttribute,
  BufferGeometry,
  DoubleSide,
  FrontSide,
  Matrix4,
  PerspectiveCamera,
  Scene,
  SphereGeometry,
  type Camera,
  type WebGLRenderer,
} from 'three';
import { ORIENTATION_LABELS, ccfToScene, ccfToSceneMatrix, cameraPose, type CameraPresetName } from '../../render/ccf-scene.ts';
import { rgbToHex } from '../../render/colormaps.ts';
import { sphereRadiusUm, type InjectionSite, type InjectionSites } from '../../render/injection-sites.ts';
import { CAMERA_DISTANCE_MM, OrbitControls, type OrbitHandle } from './orbit-controls.tsx';
import type { SceneCapture } from './brain-3d-export.ts';
import { capturePlan } from './capture-plan.ts';
import { textLabel, type TextLabel } from './text-sprite.ts';
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

function useLabels(): readonly TextLabel[] {
  const labels = useMemo(
    () =>
      ORIENTATION_LABELS.flatMap(({ text, ccf }) => {
        const l = textLabel(text, 0.6);
        if (!l) return [];
        l.sprite.position.set(...ccfToScene(ccf[0], ccf[1], ccf[2]));
        return [l];
      }),
    [],
  );
  useEffect(() => () => labels.forEach((l) => l.dispose()), [labels]);
  return labels;
}

function Labels({ labels }: { labels: readonly TextLabel[] }) {
  return (
    <group>
      {labels.map((l) => (
        <primitive key={l.sprite.uuid} object={l.sprite} />
      ))}
    </group>
  );
}

/** The frame, its labels' textures fitted to a whole frame `frameHeightPx` high (a tile's frame when tiled). */
function renderFrame(gl: WebGLRenderer, scene: Scene, camera: Camera, overlay: Scene, labels: readonly TextLabel[], frameHeightPx: number): void {
  gl.autoClear = false;
  gl.clear();
  gl.render(scene, camera);
  gl.clearDepth();
  overlay.updateMatrixWorld();
  camera.updateMatrixWorld();
  for (const l of labels) l.fit(camera, frameHeightPx, gl.capabilities.maxTextureSize);
  gl.render(overlay, camera);
}

/** Largest drawing buffer side this GPU draws (min of MAX_VIEWPORT_DIMS and MAX_RENDERBUFFER_SIZE). */
function maxDrawingSide(gl: WebGLRenderer): number {
  const c = gl.getContext();
  const dims = c.getParameter(c.MAX_VIEWPORT_DIMS) as Int32Array | null;
  const rb = c.getParameter(c.MAX_RENDERBUFFER_SIZE) as number | null;
  return Math.min(dims?.[0] ?? 4096, dims?.[1] ?? 4096, rb ?? 4096);
}

/**
 * Renders the scene, then the labels of `overlay` on top of everything (depth cleared between).
 * Its capture draws the same frame at another pixel ratio, copies it, and restores the canvas and
 * its frame in the same task (the larger frame is never presented). A capture larger than the GPU
 * draws (MAX_RENDERBUFFER_SIZE / MAX_VIEWPORT_DIMS) is drawn in tiles (the camera's view offset),
 * and a drawing buffer the browser gave smaller than asked fails the capture rather than being
 * copied enlarged.
 */
function FrameSignal({
  sceneKey,
  onDrawn,
  overlay,
  labels,
  captureRef,
}: {
  sceneKey: string;
  onDrawn: (k: string) => void;
  overlay: Scene;
  labels: readonly TextLabel[];
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
      const { gl, scene, camera, size } = get();
      const previous = gl.getPixelRatio();
      const plan = capturePlan(size.width, size.height, pixelRatio, maxDrawingSide(gl));
      const perspective = camera instanceof PerspectiveCamera ? camera : null;
      if (plan.tiles.length > 1 && !perspective) throw new Error(`the 3D view at ${pixelRatio}× is larger than this GPU can draw`);
      const copy = document.createElement('canvas');
      copy.width = plan.width;
      copy.height = plan.height;
      const g = copy.getContext('2d', { willReadFrequently: true });
      if (!g) throw new Error('a 2D canvas is not available in this browser');
      const ctx = gl.getContext();
      // how the last capture was drawn (read by the e2e test of tiling)
      gl.domElement.dataset['captureTiles'] = String(plan.tiles.length);
      try {
        gl.setPixelRatio(1);
        for (const t of plan.tiles) {
          gl.setSize(t.width, t.height, false);
          if (ctx.drawingBufferWidth !== t.width || ctx.drawingBufferHeight !== t.height)
            throw new Error(
              `this GPU gave a ${ctx.drawingBufferWidth} × ${ctx.drawingBufferHeight} px drawing buffer for a ${t.width} × ${t.height} px part of the ${pixelRatio}× PNG`,
            );
          if (perspective && plan.tiles.length > 1) {
            perspective.setViewOffset(plan.width, plan.height, t.x, t.y, t.width, t.height);
            perspective.updateProjectionMatrix();
          }
          renderFrame(gl, scene, camera, overlay, labels, plan.height);
          g.drawImage(gl.domElement, 0, 0, t.width, t.height, t.x, t.y, t.width, t.height);
        }
        return copy;
      } finally {
        if (perspective && plan.tiles.length > 1) {
          perspective.clearViewOffset();
          perspective.updateProjectionMatrix();
        }
        gl.setPixelRatio(previous);
        gl.setSize(size.width, size.height, false);
        renderFrame(gl, scene, camera, overlay, labels, gl.domElement.height);
      }
    },
    [get, overlay, labels],
  );
  useEffect(() => {
    captureRef.current = capture;
    return () => {
      if (captureRef.current === capture) captureRef.current = null;
    };
  }, [captureRef, capture]);
  useFrame(({ gl, scene, camera }) => {
    renderFrame(gl, scene, camera, overlay, labels, gl.domElement.height);
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
  const labels = useLabels();
  // a lost context, once restored, gets a new canvas: three rebuilds its own objects on the old
  // one, but its labels came back a pixel off; made again, the scene is drawn as on a fresh page
  const [generation, setGeneration] = useState(0);
  return (
    <Canvas
      key={generation}
      frameloop={autoRotate ? 'always' : 'demand'}
      gl={{ preserveDrawingBuffer: true, antialias: true }}
      dpr={[1, 2]}
      camera={{ fov: 35, near: 0.5, far: 500, position: [...initial.position] }}
      onCreated={({ gl }) => {
        gl.setClearColor('#ffffff', 1);
        gl.domElement.addEventListener('webglcontextrestored', () => setGeneration((g) => g + 1), { once: true });
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
      {createPortal(<Labels labels={labels} />, overlay)}
      <OrbitControls preset={preset} autoRotate={autoRotate} handle={orbit} />
      <FrameSignal sceneKey={sceneKey} onDrawn={onDrawn} overlay={overlay} labels={labels} captureRef={captureRef} />
    </Canvas>
  );
}
