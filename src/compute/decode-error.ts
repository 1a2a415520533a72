// Every malformed input (wrong magic, truncated compression, short payload, unsupported type)
// surfaces as a DecodeError whose message says what was expected and what was found.

export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

/** First bytes of a payload as printable text, for messages about unexpected content. */
export function describeStart(bytes: Uint8Array, n = 16): string {
  let s = '';
  for (let i = 0; i < Math.min(n, bytes.length); i++) {
    const c = bytes[i] ?? 0;
    s += c >= 32 && c < 127 ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return JSON.stringify(s);
}

export function toUint8(bytes: ArrayBuffer | Uint8Array): Uint8Array {
  return bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
}
