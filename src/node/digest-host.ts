// The host the spec digest (core/diff/spec-digest.ts) reads a run's files through: a file the run has already
// read (a case file the check loaded, the recorded outputs its target parsed) is hashed as that very text, not
// read again. The digest is then of the text that ran, and a million-case run no longer reads its two ~130 MB
// files a second time, each a 130 MB string it carried as garbage until a full collection.
import type { SpecHost } from '../core/index.js';

export function hostWithTextsRead(host: SpecHost, ...read: ReadonlyArray<ReadonlyMap<string, string>>): SpecHost {
  return {
    resolve: (fromFile, relative) => host.resolve(fromFile, relative),
    readFile: async (path, namedBy) => {
      for (const texts of read) {
        const text = texts.get(path);
        if (text !== undefined) return text;
      }
      return host.readFile(path, namedBy);
    },
  };
}
