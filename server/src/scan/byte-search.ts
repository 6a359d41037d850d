/**
 * The byte prefilter's fast path: a WebAssembly SIMD search for ASCII tokens, case-insensitively, in a
 * buffer that lives in the module's own memory (the reader reads files straight into it: no copy). The
 * module is written here, instruction by instruction, from this file's source: nothing is fetched or
 * generated from input. Where WebAssembly SIMD is missing, {@link byteSearch} returns undefined and the
 * reader uses the plain loop (`mayHoldCorsBytes`), which this search must always agree with.
 *
 * The algorithm (one pass per token): compare 16 positions at once on the token's first and last byte
 * (lower-cased with `| 0x20`, exact because both are letters), then check each candidate byte by byte with
 * ASCII case folding (a `-` only matches a `-`).
 */

/** Where the searched bytes start in the module's memory (the tokens sit below). */
const DATA = 64;
/** Memory pages (64 KiB): the largest file read plus the 16-byte loads past its end. */
const PAGES = 33;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...Buffer.from(s, "latin1")];
const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];

const I32 = 0x7f;
const V128 = 0x7b;
const get = (i: number): number[] => [0x20, i];
const set = (i: number): number[] => [0x21, i];
const i32 = (v: number): number[] => [0x41, ...sleb(v)];
const simd = (op: number): number[] => [0xfd, ...uleb(op)];
const load8 = (offset: number): number[] => [0x2d, 0, ...uleb(offset)];
const load128 = (offset: number): number[] => [...simd(0x00), 0, ...uleb(offset)];
const [SPLAT, EQ8, AND128, OR128, BITMASK] = [0x0f, 0x23, 0x4e, 0x50, 0x64].map(simd);
const [ADD, SUB, AND, OR, EQZ, NE, LT_S, LT_U, GT_S, LE_S, GE_S, CTZ] = [
  0x6a, 0x6b, 0x71, 0x72, 0x45, 0x47, 0x48, 0x49, 0x4a, 0x4c, 0x4e, 0x68,
].map((op) => [op]);
const IF = [0x04, 0x40];
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const END = [0x0b];
const RETURN = [0x0f];
const br = (depth: number): number[] => [0x0c, depth];
const brIf = (depth: number): number[] => [0x0d, depth];

// find(n, t, len): 1 when the token of `len` bytes at memory[t] occurs in memory[DATA .. DATA + n).
// Locals: 3 i (block start), 4 lim (last start), 5 mask, 6 s (candidate), 7 j, 8 byte,
// 9 first byte x16, 10 last byte x16, 11 0x20 x16.
const [N, T, LEN, I, LIM, MASK, S, J, BYTE, FIRST, LAST, LOWER] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
];
const FIND = [
  ...[...get(N), ...get(LEN), ...SUB, ...set(LIM)],
  ...[...get(LIM), ...i32(0), ...LT_S, ...IF, ...i32(0), ...RETURN, ...END],
  ...[...get(T), ...load8(0), ...SPLAT, ...set(FIRST)],
  ...[...get(T), ...get(LEN), ...ADD, ...i32(1), ...SUB, ...load8(0), ...SPLAT, ...set(LAST)],
  ...[...i32(0x20), ...SPLAT, ...set(LOWER), ...i32(0), ...set(I)],
  ...[...BLOCK, ...LOOP],
  ...[...get(I), ...get(LIM), ...GT_S, ...brIf(1)],
  // 16 candidate starts at once: first byte and last byte both match
  ...[...get(I), ...load128(DATA), ...get(LOWER), ...OR128, ...get(FIRST), ...EQ8],
  ...[...get(I), ...get(LEN), ...ADD, ...load128(DATA - 1), ...get(LOWER), ...OR128, ...get(LAST)],
  ...[...EQ8, ...AND128, ...BITMASK, ...set(MASK)],
  ...[...BLOCK, ...LOOP],
  ...[...get(MASK), ...EQZ, ...brIf(1)],
  ...[...get(I), ...get(MASK), ...CTZ, ...ADD, ...set(S)],
  ...[...get(MASK), ...get(MASK), ...i32(1), ...SUB, ...AND, ...set(MASK)],
  ...[...get(S), ...get(LIM), ...LE_S, ...IF, ...i32(0), ...set(J), ...BLOCK, ...LOOP],
  ...[...get(J), ...get(LEN), ...GE_S, ...IF, ...i32(1), ...RETURN, ...END],
  ...[...get(S), ...get(J), ...ADD, ...load8(DATA), ...set(BYTE)],
  // ASCII lower case: 'A'..'Z' -> 'a'..'z', every other byte as it is
  ...[...get(BYTE), ...i32(65), ...SUB, ...i32(26), ...LT_U, ...IF],
  ...[...get(BYTE), ...i32(0x20), ...OR, ...set(BYTE), ...END],
  ...[...get(BYTE), ...get(T), ...get(J), ...ADD, ...load8(0), ...NE, ...brIf(1)],
  ...[...get(J), ...i32(1), ...ADD, ...set(J), ...br(0)],
  ...[...END, ...END, ...END, ...br(0), ...END, ...END],
  ...[...get(I), ...i32(16), ...ADD, ...set(I), ...br(0), ...END, ...END],
  ...[...i32(0), ...END],
];

function moduleBytes(): Uint8Array {
  const code = [
    ...vec([
      [6, I32],
      [3, V128],
    ]),
    ...FIND,
  ];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32]]), ...vec([[I32]])]])),
    ...section(3, vec([[0]])),
    ...section(5, vec([[0, ...uleb(PAGES)]])),
    ...section(
      7,
      vec([
        [...name("mem"), 2, 0],
        [...name("find"), 0, 0],
      ]),
    ),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ]);
}

/** The little of the WebAssembly API used here (the project's TypeScript libraries do not declare it). */
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasm = (globalThis as { WebAssembly?: Wasm }).WebAssembly;
let compiled: object | null | undefined;

/** A buffer to read into and a search over its first `n` bytes. */
export interface ByteSearch {
  /** Where to put the bytes: a view of the module's memory, `capacity` bytes long. */
  readonly buf: Buffer;
  /** Whether `buf[0..n)` holds one of the tokens, ASCII case-insensitively. */
  has(n: number): boolean;
}

/**
 * A SIMD search for the given lower-case ASCII tokens (each starting and ending with a letter, together
 * under 64 bytes), over a buffer of `capacity` bytes; undefined when the runtime lacks WebAssembly SIMD
 * or the tokens do not fit.
 */
export function byteSearch(tokens: readonly string[], capacity: number): ByteSearch | undefined {
  const letter = (c: number): boolean => c >= 0x61 && c <= 0x7a;
  const bytes = tokens.map((t) => Buffer.from(t, "latin1"));
  const fits =
    bytes.reduce((n, b) => n + b.length, 0) <= DATA &&
    bytes.every((b) => b.length > 0 && letter(b[0]) && letter(b[b.length - 1])) &&
    DATA + capacity + 16 <= PAGES * 65536;
  if (!fits) return undefined;
  if (compiled === undefined) {
    try {
      compiled = wasm ? new wasm.Module(moduleBytes()) : null;
    } catch {
      compiled = null;
    }
  }
  if (!compiled) return undefined;
  const exports = new wasm!.Instance(compiled, {}).exports as {
    mem: { buffer: ArrayBuffer };
    find(n: number, t: number, len: number): number;
  };
  const memory = new Uint8Array(exports.mem.buffer);
  const at: [number, number][] = [];
  let offset = 0;
  for (const b of bytes) {
    memory.set(b, offset);
    at.push([offset, b.length]);
    offset += b.length;
  }
  const find = exports.find;
  return {
    buf: Buffer.from(exports.mem.buffer, DATA, capacity),
    has(n: number): boolean {
      for (const [t, len] of at) if (find(n, t, len)) return true;
      return false;
    },
  };
}
