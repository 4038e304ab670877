// write-file-atomic, loaded at the first write. Loading it requires node:crypto and node:worker_threads (and
// with them all of node:stream), which a command that writes nothing, such as `aispec check`, should not pay
// for at start-up. The bundles turn this import() into a plain require of the bundled copy (scripts/build.mjs).
import type { Options } from 'write-file-atomic';

type WriteFileAtomic = (filename: string, data: string | Buffer, options?: Options | BufferEncoding) => Promise<void>;

let loading: Promise<WriteFileAtomic> | undefined;

/** Writes `data` to a temporary file beside `filename` and renames it into place (write-file-atomic). */
export async function writeFileAtomic(filename: string, data: string | Buffer, options?: Options | BufferEncoding): Promise<void> {
  const write = await (loading ??= import('write-file-atomic').then((m) => m.default as WriteFileAtomic));
  await write(filename, data, options);
}
