/**
 * Path arithmetic for the project model, on absolute paths with forward slashes (`/srv/app/x.py`,
 * `C:/app/x.py`). Pure string functions: the core never touches the disk.
 */

/** Forward slashes, no `.` or `..` segments, no trailing slash (except a bare root). */
export function normalize(path: string): string {
  const p = path.replace(/\\/g, "/");
  const drive = /^[A-Za-z]:/.exec(p)?.[0] ?? "";
  const rest = p.slice(drive.length);
  const absolute = rest.startsWith("/");
  const out: string[] = [];
  for (const seg of rest.split("/")) {
    if (!seg || seg === ".") continue;
    if (seg === "..") {
      if (out.length && out[out.length - 1] !== "..") out.pop();
      else if (!absolute) out.push("..");
      continue;
    }
    out.push(seg);
  }
  return drive + (absolute ? "/" : "") + out.join("/") || (absolute ? "/" : ".");
}

/** The folder holding a path. */
export function dirname(path: string): string {
  const p = normalize(path);
  const i = p.lastIndexOf("/");
  if (i < 0) return ".";
  if (i === 0) return "/";
  if (/^[A-Za-z]:$/.test(p.slice(0, i))) return p.slice(0, i + 1);
  return p.slice(0, i);
}

/** The last segment of a path. */
export function basename(path: string): string {
  const p = normalize(path);
  return p.slice(p.lastIndexOf("/") + 1);
}

/** Joins segments and normalises (`..` is resolved, so callers must check containment afterwards). */
export function join(...parts: string[]): string {
  return normalize(parts.filter((s) => s !== "").join("/"));
}

/** Whether `path` is `dir` or lies inside it. */
export function isInside(dir: string, path: string): boolean {
  const d = normalize(dir);
  const p = normalize(path);
  return p === d || p.startsWith(d.endsWith("/") ? d : d + "/");
}

/** `path` relative to `dir` with forward slashes, or the path itself when it is not inside. */
export function relativeTo(dir: string, path: string): string {
  const d = normalize(dir);
  const p = normalize(path);
  if (p === d) return "";
  return isInside(d, p) ? p.slice(d.length + (d.endsWith("/") ? 0 : 1)) : p;
}

/** Every folder from `path`'s folder up to and including `stop` (nearest first); empty when outside. */
export function ancestors(path: string, stop: string): string[] {
  const out: string[] = [];
  if (!isInside(stop, path)) return out;
  let d = dirname(path);
  for (;;) {
    out.push(d);
    if (normalize(d) === normalize(stop)) break;
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  return out;
}
