import { fileURLToPath } from "node:url";

/** The file system path of a `file:` URI, or undefined for other schemes (untitled, virtual). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * A `file:` URI for a path, encoded the way VS Code encodes it (every character but `A-Za-z0-9-._~` and
 * `/` percent-encoded, Windows drive letters lowercase), so a URI the server makes for a file on disk equals
 * the one the editor uses when it opens that file.
 */
export function pathToUri(path: string): string {
  let p = path.replace(/\\/g, "/");
  if (/^[a-zA-Z]:/.test(p)) p = "/" + p[0].toLowerCase() + p.slice(1);
  const encoded = p
    .split("/")
    .map((seg) =>
      encodeURIComponent(seg).replace(
        /[!'()*]/g,
        (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase(),
      ),
    )
    .join("/");
  return "file://" + encoded;
}

/** A URI in the canonical form above (other schemes unchanged), for comparing URIs from different sources. */
export function canonicalUri(uri: string): string {
  const path = uriToPath(uri);
  return path === undefined ? uri : pathToUri(path);
}
