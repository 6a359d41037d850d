import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { languageOf, mayHoldCors, PREFILTER_TOKENS } from "../../server/src/core/analyze";
import { byteSearch } from "../../server/src/scan/byte-search";
import { MAX_FILE_BYTES, mayHoldCorsBytes, SourceReader } from "../../server/src/scan/read-source";
import { portable } from "../../server/src/scan/reader-thread";
import { errorText } from "../../server/src/walk";

const ROOT = join(__dirname, "..", "..");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** A SIMD searcher with garbage left past every input: bytes beyond `end` must never count. */
const simd = byteSearch(PREFILTER_TOKENS, MAX_FILE_BYTES + 1);

/** The byte prefilter, both ways: the SIMD search must agree with the plain loop on every input. */
function bytes(b: Buffer, end = b.length): boolean {
  const loop = mayHoldCorsBytes(b, end);
  assert.ok(simd, "WebAssembly SIMD is available on this runtime");
  simd.buf.fill("cors access-control-allow ", end, Math.min(simd.buf.length, end + 64));
  b.copy(simd.buf, 0, 0, end);
  assert.equal(
    simd.has(end),
    loop,
    `SIMD and loop disagree on ${b.subarray(0, end).toString("hex")}`,
  );
  return loop;
}

/** The old test: decode as UTF-8, then the regex. */
const decoded = (b: Buffer): boolean => mayHoldCors(b.toString("utf8"));

/** A deterministic generator, so a failing case can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

describe("byte prefilter", () => {
  it("agrees with the decoded-text prefilter on every fixture and sample", () => {
    const all = [...files(join(ROOT, "test/fixtures")), ...files(join(ROOT, "samples"))];
    let passing = 0;
    for (const f of all) {
      const b = readFileSync(f);
      assert.equal(bytes(b), decoded(b), f);
      if (languageOf(f) && decoded(b)) passing++;
    }
    assert.ok(all.length > 50 && passing > 20);
  });

  it("agrees on UTF-16 with a BOM, a UTF-8 BOM and Latin-1 bytes", () => {
    const text = "app.use(cors({ origin: '*' })); // Access-Control-Allow-Origin\n";
    const cases = [
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]),
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
      Buffer.from("caf\xe9 = 'C\xd6RS' # CO\xffRS cors\n", "latin1"),
      Buffer.from("caf\xe9 = 'C\xd6RS'\n", "latin1"),
      Buffer.from("x = 'ACCESS-CONTROL-ALLOW-ORIGIN'\n", "latin1"),
      Buffer.from("x = 'access-control-allo\xf7'\n", "latin1"),
      Buffer.from("\u017fcors \u212a", "utf8"),
      Buffer.from("\u212aors \u017f CORſ", "utf8"),
    ];
    for (const b of cases) assert.equal(bytes(b), decoded(b), b.toString("hex"));
    assert.equal(bytes(cases[0]), false, "UTF-16 text is not decoded (as before)");
    assert.equal(bytes(cases[2]), true);
  });

  it("agrees on random bytes full of token letters, case changes and invalid UTF-8", () => {
    const alphabet = Buffer.from(
      "cCoOrRsSaA-eElLwWtTnN \n\x00\x80\xc3\xe2\xef\xbf\xff\xa0",
      "latin1",
    );
    const next = rng(7);
    let hits = 0;
    for (let n = 0; n < 4000; n++) {
      const b = Buffer.alloc(1 + Math.floor(next() * 40));
      for (let i = 0; i < b.length; i++) b[i] = alphabet[Math.floor(next() * alphabet.length)];
      // Plant a token now and then, with random case, so both outcomes are common.
      if (next() < 0.3) {
        const token = next() < 0.5 ? "cors" : "access-control-allow";
        const at = Math.floor(next() * b.length);
        const planted = [...token].map((c) => (next() < 0.5 ? c.toUpperCase() : c)).join("");
        const out = Buffer.concat([b.subarray(0, at), Buffer.from(planted), b.subarray(at)]);
        assert.equal(bytes(out), decoded(out), out.toString("hex"));
        hits += decoded(out) ? 1 : 0;
      }
      assert.equal(bytes(b), decoded(b), b.toString("hex"));
      assert.equal(bytes(b, b.length >> 1), decoded(b.subarray(0, b.length >> 1)));
    }
    assert.ok(hits > 500);
  });
});

describe("byte prefilter: the byte search itself", () => {
  it("finds every case form of each token at every offset, and a token cut by the end is not found", () => {
    const pads = ["", "x", "xy", "xyz", "co", "cor", "acces", "access-control-allo"];
    for (const token of ["cors", "access-control-allow"]) {
      for (let mask = 0; mask < 1 << Math.min(token.length, 8); mask++) {
        const cased = [...token]
          .map((c, i) => (i < 8 && mask & (1 << i) ? c.toUpperCase() : c))
          .join("");
        for (const pad of pads)
          for (const tail of ["", "s", "\n"]) {
            const b = Buffer.from(pad + cased + tail, "latin1");
            assert.equal(bytes(b), true, b.toString("latin1"));
            assert.equal(
              bytes(b, b.length - tail.length - 1),
              decoded(b.subarray(0, b.length - tail.length - 1)),
            );
          }
      }
    }
  });

  it("folds letters only: a carriage return is not a hyphen, and bytes above 0x7f fold onto nothing", () => {
    const cases = [
      "access\rcontrol-allow",
      "access-control\rallow",
      "ACCESS\x0dCONTROL\x0dALLOW",
      "co\xd2s \xc3ors c\xcfrs cor\xd3",
      "\xe3\xef\xf2\xf3",
      "corz cors",
      "xcorsx",
    ];
    for (const c of cases) {
      const b = Buffer.from(c, "latin1");
      assert.equal(bytes(b), decoded(b), JSON.stringify(c));
    }
    assert.equal(bytes(Buffer.from(cases[0], "latin1")), false);
    assert.equal(bytes(Buffer.from(cases[5], "latin1")), true);
  });

  it("finds a token at every position of a long buffer's last blocks, and nothing past the end", () => {
    const base = Buffer.alloc(100_003, "x");
    for (const token of ["CoRs", "Access-Control-ALLOW"])
      for (let at = base.length - 40; at <= base.length - token.length; at++) {
        const b = Buffer.from(base);
        b.write(token, at, "latin1");
        assert.equal(bytes(b), true, `${token} at ${at}`);
        assert.equal(bytes(b, at + token.length - 1), false, `${token} cut at ${at}`);
      }
  });

  it("agrees on random ASCII text around planted tokens, read through a subarray", () => {
    const next = rng(11);
    const letters = "corsaeltnwCORSAELTNW-_ \r\n";
    for (let n = 0; n < 3000; n++) {
      let s = "";
      const len = Math.floor(next() * 64);
      for (let i = 0; i < len; i++) s += letters[Math.floor(next() * letters.length)];
      const whole = Buffer.from("~~~~" + s + "~~~~", "latin1");
      const b = whole.subarray(4, 4 + s.length);
      assert.equal(bytes(b), decoded(b), JSON.stringify(s));
    }
  });
});

describe("SourceReader", () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "cors-lint-read-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("decodes files that pass, exactly as readFileSync does, whatever their size", () => {
    const reader = new SourceReader();
    for (const size of [0, 10, 65535, 65536, 65537, 300_000, MAX_FILE_BYTES]) {
      const p = join(dir, `f${size}.py`);
      const body = "é#".repeat(size).slice(0, Math.max(0, size - 20));
      writeFileSync(
        p,
        Buffer.concat([Buffer.from(body), Buffer.from("\nCORS = 1\n")]).subarray(
          0,
          Math.max(size, 10),
        ),
      );
      const r = reader.read(p);
      const expected = readFileSync(p, "utf8");
      if (mayHoldCors(expected))
        assert.deepEqual(r, { kind: "text", text: expected }, String(size));
      else assert.deepEqual(r, { kind: "filtered" }, String(size));
    }
  });

  it("reads every fixture and sample the same with the SIMD search as with the plain loop", () => {
    const fast = new SourceReader();
    const plain = new SourceReader({ simd: false });
    const all = [...files(join(ROOT, "test/fixtures")), ...files(join(ROOT, "samples"))];
    let passed = 0;
    for (const f of all) {
      const r = fast.read(f);
      assert.deepEqual(r, plain.read(f), f);
      if (r.kind === "text") passed++;
    }
    assert.ok(passed > 20);
  });

  it("leaves out what cannot hold CORS, what is too large and what cannot be read", () => {
    const reader = new SourceReader();
    writeFileSync(join(dir, "plain.py"), "x = 1\n");
    assert.deepEqual(reader.read(join(dir, "plain.py")), { kind: "filtered" });
    writeFileSync(join(dir, "big.py"), Buffer.alloc(MAX_FILE_BYTES + 1, 0x23));
    assert.deepEqual(reader.read(join(dir, "big.py")), {
      kind: "too-large",
      size: MAX_FILE_BYTES + 1,
    });
    const missing = reader.read(join(dir, "missing.py"));
    assert.equal(missing.kind, "error");
    // The reader's buffer grew for the large file; a small file after it is still read alone.
    writeFileSync(join(dir, "small.py"), "CORS_ORIGIN_ALLOW_ALL = True\n");
    assert.deepEqual(reader.read(join(dir, "small.py")), {
      kind: "text",
      text: "CORS_ORIGIN_ALLOW_ALL = True\n",
    });
  });
});

describe("reader thread results", () => {
  it("keep an error's code across threads (a clone of an Error would drop it)", () => {
    const error = Object.assign(new Error("EACCES: permission denied, open 'a.py'"), {
      code: "EACCES",
    });
    const sent = structuredClone(portable({ kind: "error", error }));
    assert.equal(sent.kind, "error");
    if (sent.kind === "error") assert.equal(errorText(sent.error), "permission denied (EACCES)");
    assert.equal(errorText(structuredClone(error)), error.message, "what a plain clone gives");
    const text = { kind: "text", text: "CORS" } as const;
    assert.equal(portable(text), text);
  });
});
