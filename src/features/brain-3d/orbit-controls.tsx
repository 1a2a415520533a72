// three's OrbitControls inside the r3f canvas (no drei): mouse / touch orbit, wheel zoom,
// auto-rotate, camera presets, and a handle for keyboard steps (arrows rotate, +/- zoom) that the
// focusable figure wrapper forwards. Every change requests a frame (demand frame loop).
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, type RefObject } from 'react';
import { OrbitControls as ThreeOrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { cameraPose, type CameraPresetName } from '../../render/ccf-scene.ts';

export const CAMERA_DISTANCE_MM = 25;

export interface OrbitHandle {
  rotate(dAzimuth: number, dPolar: number): void;
  zoom(factor: number): void;
}

export interface OrbitControlsProps {
  readonly preset: CameraPresetName;
  readonly autoRotate: boolean;
  readonly handle: RefObject<OrbitHandle | null>;
}

export function OrbitControls({ preset, autoRotate, handle }: OrbitControlsProps) {
  const camera = useThree((s) => s.camera);
  const gl = useThree((s) => s.gl);
  const invalidate = useThree((s) => s.invalidate);
  const controls = useMemo(() => new ThreeOrbitControls(camera, gl.domElement), [camera, gl]);

  useEffect(() => {
    controls.minDistance = 8;
    controls.maxDistance = 120;
    const onChange = () => invalidate();
    controls.addEventListener('change', onChange);
    handle.current = {
      rotate: (dAz, dPol) => {
        controls.rotateLeft(dAz);
        controls.rotateUp(dPol);
      },
      zoom: (f) => (f > 1 ? controls.dollyIn(f) : controls.dollyOut(1 / f)),
    };
    return () => {
      controls.removeEventListener('change', onChange);
      controls.dispose();
      handle.current = null;
    };
  }, [controls, invalidate, handle]);

  useEffect(() => {
    const pose = cameraPose(preset, CAMERA_DISTANCE_MM);
    camera.up.set(...pose.up);
    camera.position.set(...pose.position);
    controls.target.set(0, 0, 0);
    controls.update();
    invalidate();
  }, [preset, camera, controls, invalidate]);

  useEffect(() => {
    controls.autoRotate = autoRotate;
    controls.autoRotateSpeed = 2;
    invalidate();
  }, [autoRotate, controls, invalidate]);

  useFrame((_, delta) => {
    if (autoRotate) controls.update(delta);
  });
  return null;
}
