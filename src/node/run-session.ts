// Run sessions: the cache resumes an unfinished run; it never stands in for a new one. When a run starts it
// leaves a marker in its spec's runs folder (unfinished-<configuration>.json: a random session id, the start
// time, the configuration's hash). The cache keys include the session id, so a run that finds a marker of
// its own configuration (spec, target, judge, --repeat, case selection) resumes that session and asks for
// nothing that finished; any other run starts a new session and asks for everything. A run that completes
// removes its marker and its session's entries; a cancelled, killed or crashed one leaves both for the next.
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import type { CaseSelection } from '../core/index.js';
import { aispecDir, createAispecFolder } from './project-paths.js';
import { runsFolder } from './run-store.js';

export interface RunSession {
  id: string;
  /** When the session's first run started (ISO 8601). */
  startedAt: string;
  /** True when an unfinished run of the same configuration left this session. */
  resuming: boolean;
  /** Where this session's cache entries live. */
  cacheFolder: string;
  markerPath: string;
}

export interface SessionConfiguration {
  specId: string;
  targetFingerprint: string;
  judgeFingerprint?: string;
  repeat: number;
  selection: CaseSelection;
}

interface Marker {
  session: string;
  started_at: string;
  configuration: string;
}

/** Leftover session folders no marker names are removed once this old (a new run writes its marker first). */
const ORPHAN_AGE_MS = 60 * 60 * 1000;
const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MARKER = /^unfinished-[0-9a-f]{16}\.json$/;

/** The configuration as one hash: fingerprints can hold a program's files, so the marker keeps only this. */
export function configurationKey(configuration: SessionConfiguration): string {
  const selection = configuration.selection;
  const material = JSON.stringify({
    spec: configuration.specId,
    target: configuration.targetFingerprint,
    judge: configuration.judgeFingerprint ?? null,
    repeat: configuration.repeat,
    tags: [...(selection.tags ?? [])].sort(),
    cases: [...(selection.caseIds ?? [])].sort(),
    shard: selection.shard ?? null,
  });
  return createHash('sha256').update(material, 'utf8').digest('hex');
}

/** Resumes the unfinished session of this configuration, or starts a new one (its marker written first). */
export async function openSession(specFile: string, configuration: SessionConfiguration, now: Date = new Date()): Promise<RunSession> {
  const key = configurationKey(configuration);
  const markerPath = join(runsFolder(specFile, configuration.specId), `unfinished-${key.slice(0, 16)}.json`);
  const cacheRoot = join(aispecDir(specFile), 'cache');
  const found = await readMarker(markerPath);
  if (found && found.configuration === key) {
    return { id: found.session, startedAt: found.started_at, resuming: true, cacheFolder: join(cacheRoot, found.session), markerPath };
  }
  const marker: Marker = { session: randomUUID(), started_at: now.toISOString(), configuration: key };
  await createAispecFolder(specFile, dirname(markerPath));
  await writeFileAtomic(markerPath, `${JSON.stringify(marker, null, 2)}\n`, 'utf8');
  await pruneOrphanSessions(specFile, now.getTime()).catch(() => undefined); // tidying must never fail a run
  return { id: marker.session, startedAt: marker.started_at, resuming: false, cacheFolder: join(cacheRoot, marker.session), markerPath };
}

/** A run of the session completed: nothing is left to resume, so the marker and the entries go. */
export async function closeSession(session: RunSession): Promise<void> {
  await rm(session.markerPath, { force: true });
  await rm(session.cacheFolder, { recursive: true, force: true });
}

async function readMarker(path: string): Promise<Marker | undefined> {
  try {
    const marker = JSON.parse(await readFile(path, 'utf8')) as Partial<Marker> | null;
    const valid = typeof marker?.session === 'string' && SESSION_ID.test(marker.session) && typeof marker.started_at === 'string' && !Number.isNaN(Date.parse(marker.started_at)) && typeof marker.configuration === 'string';
    return valid ? (marker as Marker) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Removes cache folders that no marker of any spec in the project names (sessions whose run completed but
 * was killed before tidying, the cache layout of earlier versions), once they are an hour old. A resumable
 * run always has its marker, and a starting run writes its marker before its first entry, so this can
 * never remove what a run could resume.
 */
async function pruneOrphanSessions(specFile: string, now: number): Promise<void> {
  const root = aispecDir(specFile);
  const live = new Set<string>();
  for (const spec of await listDir(join(root, 'runs'))) {
    for (const name of await listDir(join(root, 'runs', spec))) {
      if (!MARKER.test(name)) continue;
      const marker = await readMarker(join(root, 'runs', spec, name));
      if (marker) live.add(marker.session);
    }
  }
  const cacheRoot = join(root, 'cache');
  for (const name of await listDir(cacheRoot)) {
    if (live.has(name)) continue;
    const path = join(cacheRoot, name);
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory() && now - info.mtimeMs > ORPHAN_AGE_MS) await rm(path, { recursive: true, force: true });
  }
}

async function listDir(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch {
    return [];
  }
}
