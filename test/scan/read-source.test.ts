import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { languageOf, mayHoldCors } from "../../server/src/core/analyze";
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
      assert.equal(mayHoldCorsBytes(b), decoded(b), f);
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
    for (const b of cases) assert.equal(mayHoldCorsBytes(b), decoded(b), b.toString("hex"));
    assert.equal(mayHoldCorsBytes(cases[0]), false, "UTF-16 text is not decoded (as before)");
    assert.equal(mayHoldCorsBytes(cases[2]), true);
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
        assert.equal(mayHoldCorsBytes(out), decoded(out), out.toString("hex"));
        hits += decoded(out) ? 1 : 0;
      }
      assert.equal(mayHoldCorsBytes(b), decoded(b), b.toString("hex"));
      assert.equal(mayHoldCorsBytes(b, b.length >> 1), decoded(b.subarray(0, b.length >> 1)));
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
            assert.equal(mayHoldCorsBytes(b), true, b.toString("latin1"));
            assert.equal(
              mayHoldCorsBytes(b, b.length - tail.length - 1),
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
      assert.equal(mayHoldCorsBytes(b), decoded(b), JSON.stringify(c));
    }
    assert.equal(mayHoldCorsBytes(Buffer.from(cases[0], "latin1")), false);
    assert.equal(mayHoldCorsBytes(Buffer.from(cases[5], "latin1")), true);
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
      assert.equal(mayHoldCorsBytes(b), decoded(b), JSON.stringify(s));
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
