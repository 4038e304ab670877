// The targets a spec runs on, in the one form every part reads them: the single `target:` or each entry of
// `targets:` (compared side by side), with the frontmatter path it was written at. Whoever needs a spec's
// targets (the runners, lint, the secrets a run will use) asks here rather than reading either key.
import type { PricingConfig, SpecConfig, TargetEntry } from './config.js';
import { isRecord } from '../util/is-record.js';

export interface SpecTarget {
  /** The key under `targets:`; `target` for the single form. */
  name: string;
  /** The target as written, its own `pricing` included. */
  config: TargetEntry;
  /** Where it is written in the frontmatter: `target`, or `targets.NAME`. */
  keyPath: string;
}

/** The name the single `target:` goes by. */
export const SINGLE_TARGET_NAME = 'target';

/** Every target of the spec, in the order written; empty when it has none (or only malformed ones). */
export function specTargets(config: Pick<SpecConfig, 'target' | 'targets'>): SpecTarget[] {
  if (isRecord(config.targets)) {
    return Object.entries(config.targets)
      .filter((entry): entry is [string, TargetEntry] => isRecord(entry[1]))
      .map(([name, target]) => ({ name, config: target, keyPath: `targets.${name}` }));
  }
  return isRecord(config.target) ? [{ name: SINGLE_TARGET_NAME, config: config.target, keyPath: 'target' }] : [];
}

/** True when the spec compares several targets (`targets:`), even if it lists only one. */
export function comparesTargets(config: Pick<SpecConfig, 'targets'>): boolean {
  return isRecord(config.targets);
}

/**
 * The prices a target is costed at: its own `pricing` when it has one (with the spec's `traffic_per_day`
 * when it names none: traffic belongs to the product, not the model), else the spec's `pricing`.
 */
export function targetPricing(config: Pick<SpecConfig, 'pricing'>, target: SpecTarget): PricingConfig | undefined {
  const own = target.config.pricing;
  if (typeof own !== 'object' || own === null) return config.pricing;
  const traffic = own.traffic_per_day ?? config.pricing?.traffic_per_day;
  return traffic === undefined ? own : { ...own, traffic_per_day: traffic };
}

/**
 * The spec's configuration as one target's run sees it: that target alone under `target` (without its
 * `pricing`, which changes no output and so no cache key) and its prices as the spec's `pricing`.
 */
export function configForTarget(config: SpecConfig, target: SpecTarget): SpecConfig {
  const { pricing: _ownPricing, ...runnable } = target.config;
  const { targets: _all, ...rest } = config;
  const pricing = targetPricing(config, target);
  const single: SpecConfig = { ...rest, target: runnable as TargetEntry };
  if (pricing) single.pricing = pricing;
  else delete single.pricing;
  return single;
}
