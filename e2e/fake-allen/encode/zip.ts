// grid_data/download zip: a MetaImage header (<name>.mhd) and raw float32 little-endian volume
// (<name>.raw), 132×80×114 at 100 µm, AP fastest, -1 = no data.
import { strToU8, zipSync } from 'fflate';

export function mhdHeader(rawName: string, sizes: readonly [number, number, number], spacingUm: number): string {
  return [
    'ObjectType = Image',
    'NDims = 3',
    'BinaryData = True',
    'BinaryDataByteOrderMSB = False',
    'CompressedData = False',
    'TransformMatrix = 1 0 0 0 1 0 0 0 1',
    'Offset = 0 0 0',
    'CenterOfRotation = 0 0 0',
    `ElementSpacing = ${spacingUm} ${spacingUm} ${spacingUm}`,
    `DimSize = ${sizes.join(' ')}`,
    'ElementType = MET_FLOAT',
    `ElementDataFile = ${rawName}`,
    '',
  ].join('\n');
}

/** Zip with `${name}.mhd` + `${name}.raw` for each volume. */
export function encodeGridZip(
  volumes: ReadonlyArray<{ readonly name: string; readonly data: Float32Array }>,
  sizes: readonly [number, number, number],
  spacingUm: number,
): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const { name, data } of volumes) {
    files[`${name}.mhd`] = strToU8(mhdHeader(`${name}.raw`, sizes, spacingUm));
    files[`${name}.raw`] = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  return zipSync(files, { level: 6 });
}
