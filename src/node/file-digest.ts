// A file's SHA-256 (hex) for target fingerprints: what a `command` target's program files contain. Streamed,
// so an interpreter or a compiled binary on the command line costs no memory, and remembered per path, size
// and modification time, so the editor's many runs hash an unchanged program once.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

const known = new Map<string, { size: number; mtimeMs: number; digest: string }>();

/** Rejects for anything but a readable regular file. */
export async function fileDigest(path: string): Promise<string> {
  const info = await stat(path);
  if (!info.isFile()) throw new Error(`${path} is not a file`);
  const seen = known.get(path);
  if (seen && seen.size === info.size && seen.mtimeMs === info.mtimeMs) return seen.digest;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  const digest = hash.digest('hex');
  known.set(path, { size: info.size, mtimeMs: info.mtimeMs, digest });
  return digest;
}
