/** The one replaced range that turns `before` into `after`, in UTF-16 offsets (common prefix and suffix). */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** Compared a block at a time (one native string comparison) before the exact character is looked for. */
const BLOCK = 4096;

/** The smallest single range whose replacement turns `before` into `after`. */
export function diffText(before: string, after: string): TextChange {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (
    start + BLOCK <= max &&
    before.slice(start, start + BLOCK) === after.slice(start, start + BLOCK)
  )
    start += BLOCK;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = after.length;
  while (
    oldEnd - BLOCK >= start &&
    newEnd - BLOCK >= start &&
    before.slice(oldEnd - BLOCK, oldEnd) === after.slice(newEnd - BLOCK, newEnd)
  ) {
    oldEnd -= BLOCK;
    newEnd -= BLOCK;
  }
  while (
    oldEnd > start &&
    newEnd > start &&
    before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)
  ) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}

/** Row and column (UTF-16 code units) of an offset. */
export function pointAt(text: string, offset: number): { row: number; column: number } {
  return pointAfter(text, 0, { row: 0, column: 0 }, offset);
}

/**
 * Row and column of `offset`, counted from a known point `from` at offset `fromOffset` (<= offset):
 * only the text in between is read.
 */
export function pointAfter(
  text: string,
  fromOffset: number,
  from: { row: number; column: number },
  offset: number,
): { row: number; column: number } {
  let row = from.row;
  let lineStart = fromOffset - from.column;
  for (
    let i = text.indexOf("\n", fromOffset);
    i !== -1 && i < offset;
    i = text.indexOf("\n", i + 1)
  ) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}
