import assert from "node:assert/strict";
import { symlinkSync } from "node:fs";
import { join, relative } from "node:path";
import { ConfigFiles } from "../../server/src/cli/config-files";
import { walk, Walker, type WalkOptions } from "../../server/src/walk";
import { cleanup, project } from "../cli/helpers";

/** A tree with every kind of entry the walk treats specially. */
function tree(): string {
  const dir = project({
    ".git/HEAD": "ref: refs/heads/main\n",
    ".gitignore": "generated/\n*.gen.py\n",
    "a.py": "",
    "b.ts": "",
    "notes.txt": "",
    "types.d.ts": "",
    "svc/app.py": "",
    "svc/app.gen.py": "",
    "svc/generated/x.py": "",
    "svc/legacy/.gitignore": "*.py\n!keep.py\n",
    "svc/legacy/old.py": "",
    "svc/legacy/keep.py": "",
    "svc/legacy/web.js": "",
    "node_modules/m/index.js": "",
    "env/pyvenv.cfg": "",
    "env/lib/site.py": "",
    "cfg/.cors-lint.json": '{ "ignore": ["old/**", "**/*_old.py"] }',
    "cfg/new.py": "",
    "cfg/x_old.py": "",
    "cfg/old/y.py": "",
    "cfg/sub/z.py": "",
    "cfg/sub/z_old.py": "",
    "z/deep/er/est.mjs": "",
  });
  symlinkSync("..", join(dir, "svc", "loop"));
  symlinkSync(join(dir, "svc"), join(dir, "alias"));
  symlinkSync("missing.py", join(dir, "broken.py"));
  return dir;
}

function options(dir: string, perFolder: boolean): WalkOptions {
  const configs = new ConfigFiles(dir, undefined, {});
  return {
    configIgnores: (p) => configs.ignores(p),
    ...(perFolder ? { ignoresNothingIn: (d: string) => configs.ignoresNothingIn(d) } : {}),
  };
}

describe("walk in steps", () => {
  after(cleanup);

  it("gives the files of walk(), in the same order, whatever the step size", () => {
    const dir = tree();
    const whole = walk([dir], options(dir, true));
    assert.deepEqual(
      whole.files.map((f) => relative(dir, f)),
      [
        "a.py",
        // "alias" links to "svc" and comes first: each real file is listed once, by its first path.
        "alias/app.py",
        "alias/legacy/keep.py",
        "alias/legacy/web.js",
        "b.ts",
        "cfg/new.py",
        "cfg/sub/z.py",
        "z/deep/er/est.mjs",
      ],
    );
    assert.deepEqual(
      whole.notes.map((n) => relative(dir, n.path)),
      ["broken.py"],
    );
    for (const budget of [1, 2, 3, 7, 1000]) {
      const walker = new Walker([dir], options(dir, true));
      const files: string[] = [];
      let steps = 0;
      while (walker.next(files, budget)) steps++;
      assert.deepEqual(files, whole.files, `budget ${budget}`);
      assert.deepEqual(walker.notes, whole.notes);
      if (budget === 1) assert.ok(steps > 20);
    }
  });

  it("asks config globs per folder only where a config has ignore globs, with the same result", () => {
    const dir = tree();
    let asked: string[] = [];
    const spy = (perFolder: boolean): WalkOptions => {
      const o = options(dir, perFolder);
      return {
        ...o,
        configIgnores: (p, d) => (asked.push(relative(dir, p)), o.configIgnores(p, d)),
      };
    };
    const per = walk([dir], spy(true));
    const askedPer = asked;
    asked = [];
    const every = walk([dir], spy(false));
    assert.deepEqual(per, every);
    assert.ok(
      askedPer.every((p) => p.startsWith("cfg/")),
      askedPer.join(),
    );
    assert.ok(askedPer.includes("cfg/sub/z_old.py") && asked.includes("a.py"));
  });

  it("builds paths as join() does from a relative, trailing-slash or repeated start path", () => {
    const dir = tree();
    const expected = walk([dir], options(dir, true)).files;
    for (const start of [dir + "/", dir + "//", join(dir, "svc", "..")]) {
      const w = walk([start], options(dir, true));
      assert.deepEqual(w.files, expected, start);
    }
    const twice = walk([join(dir, "svc"), dir, join(dir, "a.py")], options(dir, true)).files;
    assert.equal(new Set(twice).size, twice.length, "each real file once");
  });
});
