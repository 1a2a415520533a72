// Allen grid_data zip (MetaImage): `*density.raw` (float32, −1 = no data, AP fastest) plus an
// optional `*.mhd` text header giving DimSize/ElementSpacing. Without a header the density grid
// is assumed to be the 100 µm CCF grid (132 80 114).
import { unzipSync } from 'fflate';
import { DecodeError, describeStart, toUint8 } from './decode-error';
import { DENSITY_SHAPE, type GridShape } from './grid';

export interface DecodedGrid {
  readonly data: Float32Array;
  readonly shape: GridShape;
}

export interface MhdHeader {
  readonly dimSize: readonly [number, number, number] | null;
  readonly spacing: number | null;
  readonly elementType: string | null;
  readonly bigEndian: boolean;
}

export function parseMhd(text: string): MhdHeader {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq > 0) fields.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  }
  const dims = fields.get('dimsize')?.split(/\s+/).map(Number);
  let dimSize: [number, number, number] | null = null;
  if (dims !== undefined) {
    const [a, b, c] = dims;
    if (dims.length !== 3 || a === undefined || b === undefined || c === undefined || dims.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new DecodeError(`.mhd DimSize "${fields.get('dimsize') ?? ''}" is not three positive integers`);
    }
    dimSize = [a, b, c];
  }
  const sp = fields.get('elementspacing')?.split(/\s+/).map(Number);
  const spacing = sp !== undefined && sp.length > 0 && sp.every((s) => s === sp[0] && s > 0) ? (sp[0] ?? null) : null;
  const msb = (fields.get('binarydatabyteordermsb') ?? fields.get('elementbyteordermsb') ?? 'false').toLowerCase();
  return { dimSize, spacing, elementType: fields.get('elementtype') ?? null, bigEndian: msb === 'true' };
}

/** Decode a grid_data zip into the density volume. Throws DecodeError on any mismatch. */
export function decodeDensityZip(input: ArrayBuffer | Uint8Array): DecodedGrid {
  const bytes = toUint8(input);
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5))) {
    throw new DecodeError(`not a zip archive: expected "PK\\x03\\x04", found ${describeStart(bytes)}`);
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => /density\.(raw|mhd)$/i.test(f.name) || /\.mhd$/i.test(f.name) });
  } catch (e) {
    throw new DecodeError(`zip archive is corrupt or truncated (${e instanceof Error ? e.message : String(e)})`);
  }
  const names = Object.keys(files);
  const raws = names.filter((n) => /density\.raw$/i.test(n));
  if (raws.length === 0) {
    throw new DecodeError(`zip holds no *density.raw (found: ${names.length ? names.join(', ') : 'no matching files'}); request include=density`);
  }
  if (raws.length > 1) throw new DecodeError(`zip holds ${raws.length} *density.raw files (${raws.join(', ')}); expected one`);
  const rawName = raws[0] ?? '';
  const mhdName = names.find((n) => n === rawName.replace(/raw$/i, 'mhd')) ?? names.find((n) => /\.mhd$/i.test(n));
  const mhdBytes = mhdName === undefined ? undefined : files[mhdName];
  const mhd = mhdBytes === undefined ? null : parseMhd(new TextDecoder('latin1').decode(mhdBytes));
  if (mhd?.elementType != null && mhd.elementType.toUpperCase() !== 'MET_FLOAT') {
    throw new DecodeError(`${mhdName ?? '.mhd'} ElementType is ${mhd.elementType}; density.raw must be MET_FLOAT`);
  }
  const [nx, ny, nz] = mhd?.dimSize ?? [DENSITY_SHAPE.nx, DENSITY_SHAPE.ny, DENSITY_SHAPE.nz];
  const shape: GridShape = { nx, ny, nz, resolutionUm: mhd?.spacing ?? DENSITY_SHAPE.resolutionUm };
  const raw = files[rawName] ?? new Uint8Array(0);
  const expected = nx * ny * nz * 4;
  if (raw.length !== expected) {
    throw new DecodeError(`${rawName} has ${raw.length} bytes, expected ${expected} (${nx}×${ny}×${nz} float32)`);
  }
  const copy = raw.byteOffset === 0 && raw.buffer.byteLength === raw.length ? raw : raw.slice();
  if (mhd?.bigEndian === true) {
    for (let i = 0; i < copy.length; i += 4) {
      const a = copy[i] ?? 0;
      const b = copy[i + 1] ?? 0;
      copy[i] = copy[i + 3] ?? 0;
      copy[i + 1] = copy[i + 2] ?? 0;
      copy[i + 2] = b;
      copy[i + 3] = a;
    }
  }
  return { data: new Float32Array(copy.buffer, 0, nx * ny * nz), shape };
}
