import { inSet, isWordChar, UnsupportedRegex, type AssertKind, type Node } from "./ast";

type Inst =
  | { op: "char"; node: Extract<Node, { type: "char" }> }
  | { op: "split"; x: number; y: number }
  | { op: "jmp"; x: number }
  | { op: "assert"; kind: AssertKind }
  | { op: "match" };

/** Where a match may start and end: `fullmatch` spans the input, `match` starts at 0, `search` anywhere. */
export type MatchMode = "fullmatch" | "match" | "search";

const MAX_PROGRAM = 50_000;

/** A compiled program for the Pike VM: linear time in the input, whatever the pattern. */
export class Program {
  private readonly insts: Inst[] = [];

  constructor(root: Node) {
    this.emit(root);
    this.insts.push({ op: "match" });
  }

  /** Whether the pattern matches `input` under the given mode. */
  test(input: string, mode: MatchMode): boolean {
    const n = this.insts.length;
    const mark = new Int32Array(n).fill(-1);
    let clist: number[] = [];
    this.add(clist, 0, 0, input, mark);
    for (let pos = 0; pos <= input.length; pos++) {
      if (mode === "search" && pos > 0) this.add(clist, 0, pos, input, mark);
      const nlist: number[] = [];
      const c = pos < input.length ? input.charCodeAt(pos) : -1;
      for (const pc of clist) {
        const inst = this.insts[pc];
        if (inst.op === "match") {
          if (mode !== "fullmatch" || pos === input.length) return true;
        } else if (inst.op === "char" && c >= 0 && charMatches(inst.node, c)) {
          this.add(nlist, pc + 1, pos + 1, input, mark);
        }
      }
      clist = nlist;
      if (clist.length === 0 && mode !== "search") return false;
    }
    return false;
  }

  /** Adds `pc` and its epsilon closure at `pos`; `mark` stops revisits so empty loops terminate. */
  private add(list: number[], start: number, pos: number, input: string, mark: Int32Array): void {
    const stack = [start];
    while (stack.length) {
      const pc = stack.pop()!;
      if (mark[pc] === pos) continue;
      mark[pc] = pos;
      const inst = this.insts[pc];
      if (inst.op === "jmp") stack.push(inst.x);
      else if (inst.op === "split") stack.push(inst.y, inst.x);
      else if (inst.op === "assert") {
        if (assertHolds(inst.kind, input, pos)) stack.push(pc + 1);
      } else list.push(pc);
    }
  }

  private emit(node: Node): void {
    if (this.insts.length > MAX_PROGRAM) throw new UnsupportedRegex("pattern too large");
    switch (node.type) {
      case "char":
        this.insts.push({ op: "char", node });
        return;
      case "assert":
        this.insts.push({ op: "assert", kind: node.kind });
        return;
      case "group":
        this.emit(node.body);
        return;
      case "seq":
        for (const item of node.items) this.emit(item);
        return;
      case "alt":
        return this.emitAlt(node.options);
      case "repeat":
        return this.emitRepeat(node.body, node.min, node.max);
    }
  }

  private emitAlt(options: Node[]): void {
    const jumps: Extract<Inst, { op: "jmp" }>[] = [];
    for (let i = 0; i < options.length; i++) {
      if (i < options.length - 1) {
        const split: Extract<Inst, { op: "split" }> = {
          op: "split",
          x: this.insts.length + 1,
          y: -1,
        };
        this.insts.push(split);
        this.emit(options[i]);
        const jmp: Extract<Inst, { op: "jmp" }> = { op: "jmp", x: -1 };
        this.insts.push(jmp);
        jumps.push(jmp);
        split.y = this.insts.length;
      } else this.emit(options[i]);
    }
    for (const j of jumps) j.x = this.insts.length;
  }

  private emitRepeat(body: Node, min: number, max: number): void {
    for (let i = 0; i < min; i++) this.emit(body);
    if (max === Infinity) {
      const loop = this.insts.length;
      const split: Extract<Inst, { op: "split" }> = { op: "split", x: loop + 1, y: -1 };
      this.insts.push(split);
      this.emit(body);
      this.insts.push({ op: "jmp", x: loop });
      split.y = this.insts.length;
      return;
    }
    const splits: Extract<Inst, { op: "split" }>[] = [];
    for (let i = min; i < max; i++) {
      const split: Extract<Inst, { op: "split" }> = {
        op: "split",
        x: this.insts.length + 1,
        y: -1,
      };
      this.insts.push(split);
      splits.push(split);
      this.emit(body);
    }
    for (const s of splits) s.y = this.insts.length;
  }
}

function charMatches(node: Extract<Node, { type: "char" }>, c: number): boolean {
  if (!node.ci) return inSet(node.set, c);
  const ch = String.fromCharCode(c);
  const variants = [c, ch.toLowerCase().charCodeAt(0), ch.toUpperCase().charCodeAt(0)];
  const positive = { ranges: node.set.ranges, negated: false };
  return variants.some((v) => inSet(positive, v)) !== node.set.negated;
}

function assertHolds(kind: AssertKind, input: string, pos: number): boolean {
  const len = input.length;
  switch (kind) {
    case "start":
      return pos === 0;
    case "end":
      return pos === len;
    case "end-py":
      return pos === len || (pos === len - 1 && input[pos] === "\n");
    case "line-start":
      return pos === 0 || input[pos - 1] === "\n";
    case "line-end":
      return pos === len || input[pos] === "\n";
    case "word":
    case "not-word": {
      const before = pos > 0 && isWordChar(input.charCodeAt(pos - 1));
      const after = pos < len && isWordChar(input.charCodeAt(pos));
      return (before !== after) === (kind === "word");
    }
  }
}
