// A file's SHA-256 (hex) for target fingerprints: what a `command` target's program files contain. Streamed,
// so an interpreter or a compiled binary on the command line costs no memory, and remembered per path, size
// and modification time, so the editor's many runs hash an unchanged program once. The file is opened once
// and everything is read from that handle; a spec's host passes an opener that keeps the file in the project.
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';

const known = new Map<string, { size: number; mtimeMs: number; digest: string }>();

export type FileOpener = (path: string) => Promise<FileHandle>;

const openForReading: FileOpener = (path) => open(path, 'r');

/** Rejects for anything but a readable regular file. */
export async function fileDigest(path: string, openFile: FileOpener = openForReading): Promise<string> {
  const handle = await openFile(path);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new Error(`${path} is not a file`);
    const seen = known.get(path);
    if (seen && seen.size === info.size && seen.mtimeMs === info.mtimeMs) return seen.digest;
    const hash = createHash('sha256');
    for await (const chunk of handle.createReadStream({ autoClose: false, start: 0 })) hash.update(chunk as Buffer);
    const digest = hash.digest('hex');
    known.set(path, { size: info.size, mtimeMs: info.mtimeMs, digest });
    return digest;
  } finally {
    await handle.close();
  }
}
