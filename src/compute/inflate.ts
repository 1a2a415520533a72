// Inflate (RFC 1951) of one gzip member (RFC 1952) straight into a caller-sized buffer: the cold
// start's hot path, where every downloaded 4.8 MB density grid is inflated once (grid fetcher,
// decode-into.ts). A port of fflate 0.8.3's `inflt` (MIT, © Arjun Barrett; the Huffman tables and
// the decoding loop are his), changed in one place: a back-reference longer than 32 bytes is
// copied with `copyWithin`, doubling the copied span while the reference overlaps itself, instead
// of a byte at a time. A projection density grid is mostly zeros, so nearly all of its 4.8 MB
// come from long references: in headless Chromium, 20 fake-world grids inflated in 95 ms against
// fflate's 213 ms (medians of 6, identical bytes). fflate's PR #180 found a copyWithin path slower
// for short references; those (≤ 32 bytes) keep the byte loop.
// Also stricter than fflate with a fixed output: a stream that would write past `out` throws
// (fflate drops those bytes silently), and so do a stored block whose length check fails, a
// length or distance code outside the format and a reference before the start of the output.
// The gzip CRC-32 is not checked (nor is it by fflate); the trailer's size is.
import { DecodeError } from './decode-error';

const u8 = Uint8Array;
const u16 = Uint16Array;
// extra bits of the length codes 257…285 (and two impossible ones), of the distance codes 0…29
const fleb = u8.of(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0, 0, 0, 0);
const fdeb = u8.of(0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 0, 0);
// the order of the code length code lengths
const clim = u8.of(16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15);

/** Base values of the codes whose extra bits are `eb`, the first being start + 1. */
function bases(eb: Uint8Array, start: number): Uint16Array {
  const b = new u16(31);
  for (let i = 0; i < 31; ++i) b[i] = start += 1 << (eb[i - 1] ?? 0);
  return b;
}
const fl = bases(fleb, 2);
fl[28] = 258;
const fd = bases(fdeb, 0);

// 15-bit bit reversal
const rev = new u16(32768);
for (let i = 0; i < 32768; ++i) {
  let x = ((i & 0xaaaa) >> 1) | ((i & 0x5555) << 1);
  x = ((x & 0xcccc) >> 2) | ((x & 0x3333) << 2);
  x = ((x & 0xf0f0) >> 4) | ((x & 0x0f0f) << 4);
  rev[i] = (((x & 0xff00) >> 8) | ((x & 0x00ff) << 8)) >> 1;
}

/**
 * The decoding table of the code lengths `cd` (longest `mb`): indexed by the next `mb` input bits,
 * an entry is (symbol << 4) | code length, 0 for bits that start no code.
 */
function hMap(cd: Uint8Array, mb: number): Uint16Array {
  const s = cd.length;
  const l = new u16(mb);
  for (let i = 0; i < s; ++i) {
    const c = cd[i] as number;
    if (c) l[c - 1] = (l[c - 1] as number) + 1;
  }
  const le = new u16(mb);
  for (let i = 1; i < mb; ++i) le[i] = ((le[i - 1] as number) + (l[i - 1] as number)) << 1;
  const co = new u16(1 << mb);
  const rvb = 15 - mb;
  for (let i = 0; i < s; ++i) {
    const c = cd[i] as number;
    if (!c) continue;
    const sv = (i << 4) | c;
    const r = mb - c;
    let v = (le[c - 1] as number) << r;
    le[c - 1] = (le[c - 1] as number) + 1;
    for (const m = v | ((1 << r) - 1); v <= m; ++v) co[(rev[v] as number) >> rvb] = sv;
  }
  return co;
}

// the fixed Huffman codes (block type 1)
const flt = new u8(288);
flt.fill(8, 0, 144);
flt.fill(9, 144, 256);
flt.fill(7, 256, 280);
flt.fill(8, 280, 288);
const fdt = new u8(32).fill(5);
const flrm = hMap(flt, 9);
const fdrm = hMap(fdt, 5);

function max(a: Uint8Array): number {
  let m = 0;
  for (let i = 0; i < a.length; ++i) if ((a[i] as number) > m) m = a[i] as number;
  return m;
}

// `m`-masked bits at bit `p` (at most 9), and the ≥ 16 bits at `p` (unmasked). Reads past the end
// give zeros (undefined | x); the callers compare the position with the input's length.
const bits = (d: Uint8Array, p: number, m: number): number => {
  const o = (p / 8) | 0;
  return (((d[o] as number) | ((d[o + 1] as number) << 8)) >> (p & 7)) & m;
};
const bits16 = (d: Uint8Array, p: number): number => {
  const o = (p / 8) | 0;
  return ((d[o] as number) | ((d[o + 1] as number) << 8) | ((d[o + 2] as number) << 16)) >> (p & 7);
};

const fail = (what: string): never => {
  throw new DecodeError(`deflate stream: ${what}`);
};

/**
 * Inflates the raw deflate stream `dat` into `out` from its start; returns the bytes written.
 * Throws DecodeError on a malformed or truncated stream and on one that does not fit `out`.
 */
export function inflateInto(dat: Uint8Array, out: Uint8Array): number {
  return inflate(dat, out).written;
}

/** inflateInto, and the byte after the stream's last bit. */
function inflate(dat: Uint8Array, out: Uint8Array): { written: number; end: number } {
  const sl = dat.length;
  const tbts = sl * 8;
  const outLen = out.length;
  let pos = 0;
  let bt = 0;
  let final: number;
  do {
    final = bits(dat, pos, 1);
    const type = bits(dat, pos + 1, 3);
    pos += 3;
    let lm: Uint16Array;
    let dm: Uint16Array;
    let lbt: number;
    let dbt: number;
    if (type === 0) {
      // stored: LEN, NLEN, then LEN bytes from the next byte boundary
      const s = (((pos + 7) / 8) | 0) + 4;
      if (s > sl) fail('unexpected end of input');
      const l = (dat[s - 4] as number) | ((dat[s - 3] as number) << 8);
      const nl = (dat[s - 2] as number) | ((dat[s - 1] as number) << 8);
      if (l !== (~nl & 0xffff)) fail('stored block length does not match its complement');
      const t = s + l;
      if (t > sl) fail('unexpected end of input');
      if (bt + l > outLen) fail(`output longer than the ${outLen} bytes expected`);
      out.set(dat.subarray(s, t), bt);
      bt += l;
      pos = t * 8;
      continue;
    } else if (type === 1) {
      lm = flrm;
      dm = fdrm;
      lbt = 9;
      dbt = 5;
    } else if (type === 2) {
      const hLit = bits(dat, pos, 31) + 257;
      const hcLen = bits(dat, pos + 10, 15) + 4;
      const tl = hLit + bits(dat, pos + 5, 31) + 1;
      pos += 14;
      const ldt = new u8(tl);
      const clt = new u8(19);
      for (let i = 0; i < hcLen; ++i) clt[clim[i] as number] = bits(dat, pos + i * 3, 7);
      pos += hcLen * 3;
      const clb = max(clt);
      const clbmsk = (1 << clb) - 1;
      const clm = hMap(clt, clb);
      for (let i = 0; i < tl;) {
        const r = clm[bits(dat, pos, clbmsk)] as number;
        if (!r) fail('invalid code length code');
        pos += r & 15;
        const s = r >> 4;
        if (s < 16) ldt[i++] = s;
        else {
          let c = 0;
          let n: number;
          if (s === 16) {
            if (i === 0) fail('code length repeat with nothing before it');
            n = 3 + bits(dat, pos, 3);
            pos += 2;
            c = ldt[i - 1] as number;
          } else if (s === 17) {
            n = 3 + bits(dat, pos, 7);
            pos += 3;
          } else {
            n = 11 + bits(dat, pos, 127);
            pos += 7;
          }
          if (i + n > tl) fail('code lengths overrun the table');
          while (n--) ldt[i++] = c;
        }
        if (pos > tbts) fail('unexpected end of input');
      }
      const lt = ldt.subarray(0, hLit);
      const dt = ldt.subarray(hLit);
      lbt = max(lt);
      dbt = max(dt);
      lm = hMap(lt, lbt);
      dm = hMap(dt, dbt);
    } else return fail('invalid block type');
    if (pos > tbts) fail('unexpected end of input');
    const lms = (1 << lbt) - 1;
    const dms = (1 << dbt) - 1;
    for (;;) {
      const c = lm[bits16(dat, pos) & lms] as number;
      const sym = c >> 4;
      pos += c & 15;
      if (pos > tbts) fail('unexpected end of input');
      if (!c) fail('invalid literal/length code');
      if (sym < 256) {
        if (bt >= outLen) fail(`output longer than the ${outLen} bytes expected`);
        out[bt++] = sym;
      } else if (sym === 256) break;
      else {
        if (sym > 285) fail('invalid length code');
        let add = sym - 254;
        if (sym > 264) {
          const i = sym - 257;
          const b = fleb[i] as number;
          add = bits(dat, pos, (1 << b) - 1) + (fl[i] as number);
          pos += b;
        }
        const d = dm[bits16(dat, pos) & dms] as number;
        const dsym = d >> 4;
        if (!d || dsym > 29) fail('invalid distance code');
        pos += d & 15;
        let dt = fd[dsym] as number;
        if (dsym > 3) {
          const b = fdeb[dsym] as number;
          dt += bits16(dat, pos) & ((1 << b) - 1);
          pos += b;
        }
        if (pos > tbts) fail('unexpected end of input');
        if (dt > bt) fail(`distance ${dt} reaches before the start of the output`);
        const end = bt + add;
        if (end > outLen) fail(`output longer than the ${outLen} bytes expected`);
        if (add > 32) {
          // memmove of the span behind, doubling it while the reference overlaps itself: every copy
          // but the last is a whole number of periods (dt), so the pattern continues unbroken
          let span = dt;
          while (bt < end) {
            const n = Math.min(span, end - bt);
            out.copyWithin(bt, bt - span, bt - span + n);
            bt += n;
            span += n;
          }
        } else for (; bt < end; ++bt) out[bt] = out[bt - dt] as number;
      }
    }
  } while (!final);
  return { written: bt, end: ((pos + 7) / 8) | 0 };
}

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

/**
 * Inflates the first gzip member of `gz` into `out`; returns the bytes written (the member's
 * trailer must give that size). Throws DecodeError on a bad header, a malformed or truncated
 * stream, a size that disagrees with the trailer and a stream that does not fit `out`.
 */
export function gunzipInto(gz: Uint8Array, out: Uint8Array): number {
  if (gz.length < 18 || gz[0] !== 0x1f || gz[1] !== 0x8b || gz[2] !== 8) throw new DecodeError('not a gzip member (magic 1f 8b, method 8)');
  const flg = gz[3] as number;
  let p = 10;
  if (flg & FEXTRA) p += 2 + ((gz[10] as number) | ((gz[11] as number) << 8));
  if (flg & FNAME) while (p < gz.length && gz[p++] !== 0);
  if (flg & FCOMMENT) while (p < gz.length && gz[p++] !== 0);
  if (flg & FHCRC) p += 2;
  if (p + 8 > gz.length) throw new DecodeError('gzip header runs past the data');
  const { written: n, end } = inflate(gz.subarray(p), out);
  // the trailer follows the stream: CRC-32, then the size mod 2^32
  const k = p + end + 4;
  if (k + 4 > gz.length) throw new DecodeError('gzip member has no trailer: truncated');
  const isize = ((gz[k] as number) | ((gz[k + 1] as number) << 8) | ((gz[k + 2] as number) << 16) | ((gz[k + 3] as number) << 24)) >>> 0;
  if (isize !== n >>> 0) throw new DecodeError(`gzip member inflates to ${n} bytes, its trailer says ${isize}`);
  return n;
}
