/**
 * Hamming distances from one 1-bit query code to many stored codes, for the in-memory candidate scan
 * (matching/codeCache.ts). A tiny WebAssembly SIMD kernel (XOR, byte popcount, pairwise sums: 16 bytes at
 * a time) does the scan about 5× faster than the popcount bit trick in JavaScript; where WebAssembly SIMD
 * is missing, the same scan runs in JavaScript. Both fill the same distance array and histogram.
 *
 * Layout: each code takes `stride` bytes, its bits first (bit i of the vector is bit i % 8 of byte i / 8,
 * as libSQL's vector1bit stores it) and zeros after; a stride is a multiple of 16 bytes.
 */

/** The kernel, hand-assembled: scan(codes, query, n, vecsPerCode, out, hist), all byte offsets. */
// biome-ignore format: one instruction per line
const KERNEL = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x0a, 0x01, 0x60, 0x06, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x00, // type: (i32 × 6) → ()
  0x02, 0x08, 0x01, 0x01, 0x65, 0x01, 0x6d, 0x02, 0x00, 0x01, // import e.m: memory, min 1 page
  0x03, 0x02, 0x01, 0x00, // function 0 has type 0
  0x07, 0x05, 0x01, 0x01, 0x73, 0x00, 0x00, // export "s" = function 0
  0x0a, 0xab, 0x01, 0x01, 0xa8, 0x01, // code: one body of 168 bytes
  0x02, 0x04, 0x7f, 0x01, 0x7b, // locals: 6 v, 7 qp, 8 d, 9 h (i32); 10 acc (v128)
  0x02, 0x40, // block
  0x20, 0x02, 0x45, 0x0d, 0x00, // n == 0 → done
  0x03, 0x40, // loop rows
  0xfd, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x21, 0x0a, // acc = 0
  0x20, 0x01, 0x21, 0x07, // qp = query
  0x20, 0x03, 0x21, 0x06, // v = vecsPerCode
  0x03, 0x40, // loop vectors
  0x20, 0x0a, // acc
  0x20, 0x00, 0xfd, 0x00, 0x00, 0x00, // v128.load codes
  0x20, 0x07, 0xfd, 0x00, 0x00, 0x00, // v128.load qp
  0xfd, 0x51, // v128.xor
  0xfd, 0x62, // i8x16.popcnt
  0xfd, 0x6e, // i8x16.add
  0x21, 0x0a, // → acc
  0x20, 0x00, 0x41, 0x10, 0x6a, 0x21, 0x00, // codes += 16
  0x20, 0x07, 0x41, 0x10, 0x6a, 0x21, 0x07, // qp += 16
  0x20, 0x06, 0x41, 0x01, 0x6b, 0x22, 0x06, 0x0d, 0x00, // while (--v)
  0x0b, // end loop vectors
  0x20, 0x0a, 0xfd, 0x7d, 0xfd, 0x7f, 0x22, 0x0a, // acc = pairwise sums to i32x4
  0xfd, 0x1b, 0x00, // lane 0
  0x20, 0x0a, 0xfd, 0x1b, 0x01, 0x6a, // + lane 1
  0x20, 0x0a, 0xfd, 0x1b, 0x02, 0x6a, // + lane 2
  0x20, 0x0a, 0xfd, 0x1b, 0x03, 0x6a, // + lane 3
  0x21, 0x08, // → d
  0x20, 0x04, 0x20, 0x08, 0x3b, 0x01, 0x00, // out[r] = d (u16)
  0x20, 0x04, 0x41, 0x02, 0x6a, 0x21, 0x04, // out += 2
  0x20, 0x05, 0x20, 0x08, 0x41, 0x02, 0x74, 0x6a, 0x22, 0x09, // h = hist + 4·d
  0x20, 0x09, 0x28, 0x02, 0x00, 0x41, 0x01, 0x6a, 0x36, 0x02, 0x00, // hist[d]++
  0x20, 0x02, 0x41, 0x01, 0x6b, 0x22, 0x02, 0x0d, 0x00, // while (--n)
  0x0b, // end loop rows
  0x0b, // end block
  0x0b, // end function
]);

/** The slice of the WebAssembly API used here (the Node types in use do not declare the global). */
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (mod: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
}
const wasm = (globalThis as unknown as { WebAssembly?: Wasm }).WebAssembly;

let compiled: object | null | undefined;
function kernelModule(): object | null {
  if (compiled === undefined) {
    try {
      compiled = wasm ? new wasm.Module(KERNEL) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Per byte value, its set bits (the JavaScript scan). */
const BITS = Uint8Array.from({ length: 256 }, (_, b) => {
  let n = 0;
  for (let x = b; x; x >>= 1) n += x & 1;
  return n;
});

/** Byte popcounts add up in 8-bit lanes inside the kernel: at most 31 lanes' worth (3,968 dimensions). */
const MAX_VECS = 31;

/**
 * Codes for `capacity` vectors of `dimension` bits, and the scan over them. Fill with `set`, then `scan`.
 * Distances and the histogram live in the same memory and are overwritten by the next scan.
 */
export class HammingCodes {
  readonly stride: number;
  readonly bytesPer: number;
  private readonly mem: Uint8Array;
  private readonly codesAt: number;
  private readonly queryAt = 0;
  private readonly histAt: number;
  private readonly outAt: number;
  private readonly run: ((...a: number[]) => void) | undefined;

  constructor(
    readonly dimension: number,
    readonly capacity: number,
    /** 'js' skips the WebAssembly kernel (tests compare the two). */
    kernel: 'auto' | 'js' = 'auto',
  ) {
    this.bytesPer = Math.ceil(dimension / 8);
    this.stride = Math.ceil(this.bytesPer / 16) * 16;
    const align = (x: number) => Math.ceil(x / 16) * 16;
    this.histAt = align(this.stride);
    this.outAt = align(this.histAt + (dimension + 1) * 4);
    this.codesAt = align(this.outAt + capacity * 2);
    const bytes = this.codesAt + capacity * this.stride;
    const mod = kernel === 'auto' && this.stride / 16 <= MAX_VECS ? kernelModule() : null;
    if (mod && wasm) {
      const memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
      const inst = new wasm.Instance(mod, { e: { m: memory } });
      this.run = inst.exports.s as (...a: number[]) => void;
      this.mem = new Uint8Array(memory.buffer);
    } else {
      this.mem = new Uint8Array(bytes);
    }
  }

  /** Stores row `row`'s code (libSQL vector1bit bytes; anything past the dimension's bytes is ignored). */
  set(row: number, code: Uint8Array): void {
    const at = this.codesAt + row * this.stride;
    this.mem.set(code.subarray(0, this.bytesPer), at);
  }

  /**
   * The Hamming distance of each of the first `count` codes to the query's code (the signs of `query`),
   * and how many codes lie at each distance 0..dimension. Both views are valid until the next scan.
   */
  scan(query: Float32Array, count: number): { dist: Uint16Array; hist: Uint32Array } {
    const { mem, stride, dimension } = this;
    mem.fill(0, this.queryAt, this.outAt);
    for (let i = 0; i < dimension; i++) if (query[i]! > 0) mem[this.queryAt + (i >>> 3)]! |= 1 << (i & 7);
    const dist = new Uint16Array(mem.buffer, this.outAt, count);
    const hist = new Uint32Array(mem.buffer, this.histAt, dimension + 1);
    if (this.run) {
      this.run(this.codesAt, this.queryAt, count, stride / 16, this.outAt, this.histAt);
      return { dist, hist };
    }
    const q = mem.subarray(this.queryAt, this.queryAt + this.bytesPer);
    for (let r = 0, o = this.codesAt; r < count; r++, o += stride) {
      let d = 0;
      for (let b = 0; b < q.length; b++) d += BITS[mem[o + b]! ^ q[b]!]!;
      dist[r] = d;
      hist[d]!++;
    }
    return { dist, hist };
  }

  /**
   * For each of `rows`, the sum of the query's coordinates where the row's code has a bit set: its dot
   * product with the code read as ±1 per dimension, up to a shift and scale shared by every row. Ranks
   * better than the Hamming distance (the query keeps its magnitudes); higher is nearer.
   */
  asymmetric(query: Float32Array, rows: readonly number[]): Float64Array {
    const { bytesPer, dimension, mem, stride } = this;
    // Per byte position, the sum for each of the 256 byte values.
    const table = new Float64Array(bytesPer * 256);
    for (let j = 0; j < bytesPer; j++) {
      const base = j * 256;
      for (let b = 1; b < 256; b++) {
        const low = b & -b;
        const i = j * 8 + 31 - Math.clz32(low);
        table[base + b] = table[base + (b ^ low)]! + (i < dimension ? query[i]! : 0);
      }
    }
    const out = new Float64Array(rows.length);
    for (let n = 0; n < rows.length; n++) {
      const at = this.codesAt + rows[n]! * stride;
      let sum = 0;
      for (let j = 0, t = 0; j < bytesPer; j++, t += 256) sum += table[t + mem[at + j]!]!;
      out[n] = sum;
    }
    return out;
  }

  /** Whether the WebAssembly kernel runs the scan (false: JavaScript). */
  get simd(): boolean {
    return this.run !== undefined;
  }
}

/** Rows of the nearest `n` codes by Hamming distance, nearest first (ties in row order). */
export function nearestRows(dist: Uint16Array, hist: Uint32Array, n: number): number[] {
  let cut = 0;
  for (let seen = 0; cut < hist.length; cut++) {
    seen += hist[cut]!;
    if (seen >= n) break;
  }
  const picked: number[] = [];
  for (let r = 0; r < dist.length; r++) if (dist[r]! <= cut) picked.push(r);
  picked.sort((a, b) => dist[a]! - dist[b]!);
  return picked.length > n ? picked.slice(0, n) : picked;
}
