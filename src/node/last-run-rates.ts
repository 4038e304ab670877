// The rates of a spec's latest saved run (.aispec/runs/<spec id>/latest.json), for the lint that sizes rate
// gates by them. Checks run on every edit in the editor and a results file can be megabytes (a gigabyte for a
// million cases), so only its summary is read (its cases are skipped unparsed), and the rates are kept per
// file and read again only when its modification time or size changes. A missing, unreadable or malformed file means "no saved run": sizing a gate is information and never blocks a check.
import { stat } from 'node:fs';
import { promisify } from 'node:util';
import { lastRunRates, type LastRunRates } from '../core/index.js';
import { latestRunFile, readRunSummary } from './run-store.js';

interface Cached {
  mtimeMs: number;
  size: number;
  rates: LastRunRates | undefined;
}

const cache = new Map<string, Cached>();

// Through node:fs's callback form: every check asks, and node:fs/promises would be loaded for it (see spec-host.ts).
const statOf = promisify(stat);

export async function readLastRunRates(specFile: string, specId: string): Promise<LastRunRates | undefined> {
  let path: string | undefined;
  try {
    path = latestRunFile(specFile, specId);
    const { mtimeMs, size } = await statOf(path);
    const known = cache.get(path);
    if (known && known.mtimeMs === mtimeMs && known.size === size) return known.rates;
    let rates: LastRunRates | undefined;
    try {
      rates = lastRunRates(await readRunSummary(path));
    } catch {
      rates = undefined; // cut short, edited or not a results file: no saved run to size by
    }
    cache.set(path, { mtimeMs, size, rates });
    return rates;
  } catch {
    if (path !== undefined) cache.delete(path);
    return undefined;
  }
}
