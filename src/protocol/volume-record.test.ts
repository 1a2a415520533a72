import { describe, expect, it } from 'vitest';
import { buildVolumeKey, parseVolumeKey } from './cache-key.ts';
import { HEADER_BYTES, checksum32, decodeVolumeRecord, encodeVolumeRecord, expectedPayloadBytes } from './volume-record.ts';

const DENSITY = { dtype: 'float32', dims: [132, 80, 114] } as const;

describe('cache keys', () => {
  it('round-trip through build and parse', () => {
    const parts = {
      schemaVersion: 1,
      release: 'ccf2017-mcc2019',
      kind: 'grid',
      id: '100141219',
      resolution: 100,
    } as const;
    const key = buildVolumeKey(parts);
    expect(key).toBe('v1|ccf2017-mcc2019|grid|100141219|100');
    expect(parseVolumeKey(key)).toEqual(parts);
  });

  it('reject malformed keys and unsafe parts', () => {
    expect(parseVolumeKey('v1|ccf2017|grid|1')).toBeNull();
    expect(parseVolumeKey('meta|v1|r|grid|1|100')).toBeNull();
    expect(parseVolumeKey('v1|r|bogus|1|100')).toBeNull();
    expect(() =>
      buildVolumeKey({
        schemaVersion: 1,
        release: 'a|b',
        kind: 'grid',
        id: '1',
        resolution: 100,
      }),
    ).toThrow();
  });
});

describe('volume records', () => {
  it('expected payload bytes = product of dims × dtype size', () => {
    expect(expectedPayloadBytes(DENSITY)).toBe(4_815_360);
    expect(expectedPayloadBytes({ dtype: 'uint16', dims: [3, 5] })).toBe(30);
    expect(expectedPayloadBytes({ dtype: 'float32', dims: [0, 5] })).toBeNull();
  });

  it('round-trip a payload and give a view at byte 48 without copying', () => {
    const payload = Float32Array.from({ length: 24 }, (_, i) => i - 1);
    const record = encodeVolumeRecord(payload, { dtype: 'float32', dims: [2, 3, 4] }, 1);
    expect(record?.byteLength).toBe(HEADER_BYTES + 96);
    const check = decodeVolumeRecord(record, 1);
    if (!check.ok) throw new Error(check.reason);
    expect(check.record.meta).toEqual({ dtype: 'float32', dims: [2, 3, 4] });
    expect(check.record.bytes.buffer).toBe(record);
    expect(check.record.bytes.byteOffset).toBe(48);
    expect(Array.from(new Float32Array(check.record.bytes.buffer, check.record.bytes.byteOffset, 24))).toEqual(Array.from(payload));
  });

  it('refuse a payload whose length does not match dims × dtype (a truncated buffer)', () => {
    expect(encodeVolumeRecord(new Uint8Array(4_815_359), DENSITY, 1)).toBeNull();
    expect(encodeVolumeRecord(new Float32Array(10), { dtype: 'float32', dims: [11] }, 1)).toBeNull();
  });

  it('detect every single flipped byte, truncation, wrong magic and wrong version', () => {
    const payload = Uint8Array.from({ length: 67 }, (_, i) => (i * 37) & 0xff);
    const record = encodeVolumeRecord(payload, { dtype: 'uint8', dims: [67] }, 3);
    if (!record) throw new Error('encode failed');
    expect(decodeVolumeRecord(record, 3).ok).toBe(true);
    expect(decodeVolumeRecord(record, 4)).toEqual({
      ok: false,
      reason: 'schema version 3, expected 4',
    });
    for (let i = 0; i < record.byteLength; i++) {
      if (i >= 40 && i < 48) continue; // reserved header bytes are not interpreted
      const bad = record.slice(0);
      const v = new Uint8Array(bad);
      v[i] = (v[i] ?? 0) ^ 0x10;
      expect(decodeVolumeRecord(bad, 3).ok, `flip at byte ${i}`).toBe(false);
    }
    expect(decodeVolumeRecord(record.slice(0, record.byteLength - 1), 3).ok).toBe(false);
    expect(decodeVolumeRecord(new Uint8Array(record), 3).ok).toBe(false);
  });

  it('checksum depends on word order and on the tail bytes', () => {
    const a = new Uint32Array([1, 2, 3, 4]).buffer;
    const b = new Uint32Array([2, 1, 3, 4]).buffer;
    expect(checksum32(a)).not.toBe(checksum32(b));
    const c = new Uint8Array([1, 2, 3, 4, 5]).buffer;
    const d = new Uint8Array([1, 2, 3, 4, 6]).buffer;
    expect(checksum32(c)).not.toBe(checksum32(d));
  });
});
