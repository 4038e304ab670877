// Type-checks in-memory probe files as if they were part of the layer whose folder they name, with that
// layer's own tsconfig (src/<layer>/tsconfig.json, or the root tsconfig.json for the Node side), the way
// `npm run typecheck` (tsc -b) checks the real files. Nothing is written to disk.
import { dirname, join } from 'node:path';
import ts from 'typescript';

export interface Probe {
  /** Repository-relative path, e.g. src/core/eval/layer-probe.ts; the folder decides the layer. */
  file: string;
  code: string;
}

export interface ProbeDiagnostic {
  code: number;
  message: string;
}

/** The tsconfig that owns a path: the nearest one above it, up to the repository root. */
export function owningTsconfig(repoRoot: string, file: string): string {
  for (let dir = dirname(join(repoRoot, file)); dir.startsWith(repoRoot); dir = dirname(dir)) {
    const candidate = join(dir, 'tsconfig.json');
    if (ts.sys.fileExists(candidate)) return candidate;
    if (dir === repoRoot) break;
  }
  throw new Error(`no tsconfig.json owns ${file}`);
}

/**
 * The errors of each probe (by its `file`) when checked with the tsconfig at `configPath`. Probes that share
 * a tsconfig share one program. `sourceCache` lets several calls reuse parsed files (the libraries and the
 * core are parsed once for all layers).
 */
export function typeCheckProbes(configPath: string, probes: readonly Probe[], repoRoot: string, sourceCache: Map<string, ts.SourceFile>): Map<string, ProbeDiagnostic[]> {
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  if (parsed.errors.length) throw new Error(ts.formatDiagnostics(parsed.errors, formatHost));

  const inMemory = new Map(probes.map((p) => [join(repoRoot, p.file), p.code]));
  const host = ts.createCompilerHost(parsed.options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => inMemory.has(f) || fileExists.call(host, f);
  host.readFile = (f) => inMemory.get(f) ?? readFile.call(host, f);
  host.getSourceFile = (f, languageVersion, onError, shouldCreate) => {
    const probeCode = inMemory.get(f);
    if (probeCode !== undefined) return ts.createSourceFile(f, probeCode, languageVersion);
    const key = `${f}\0${JSON.stringify(languageVersion)}`;
    let file = sourceCache.get(key);
    if (!file) {
      file = getSourceFile.call(host, f, languageVersion, onError, shouldCreate);
      if (file) sourceCache.set(key, file);
    }
    return file;
  };
  // Read the layers this one references from their sources, as the editor does, rather than from the
  // declarations `tsc -b` emits into out/types (which may not be built yet when the unit tests run).
  (host as ts.CompilerHost & { useSourceOfProjectReferenceRedirect?: () => boolean }).useSourceOfProjectReferenceRedirect = () => true;

  // A composite layer (shared, core, webview) must list every file it compiles: that is what rejects an import
  // of another layer's file (TS6307), so the probes join the layer's own files. The Node side is not composite.
  const probePaths = [...inMemory.keys()];
  const rootNames = parsed.options.composite ? [...parsed.fileNames, ...probePaths] : probePaths;
  const program = ts.createProgram({ rootNames, options: parsed.options, projectReferences: parsed.projectReferences ?? [], host });

  const result = new Map<string, ProbeDiagnostic[]>();
  for (const probe of probes) {
    const source = program.getSourceFile(join(repoRoot, probe.file));
    if (!source) throw new Error(`${probe.file} is not in the program`);
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    result.set(probe.file, diagnostics.map((d) => ({ code: d.code, message: ts.flattenDiagnosticMessageText(d.messageText, ' ') })));
  }
  return result;
}

const formatHost: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (f) => f,
  getCurrentDirectory: () => ts.sys.getCurrentDirectory(),
  getNewLine: () => '\n',
};
