import type { SpecConfig } from '../../spec/config.js';
import { specTargets, targetPricing } from '../../spec/targets.js';
import type { LintFinding, LintRule } from '../types.js';

export const targetWithoutPricing: LintRule = {
  id: 'target-without-pricing',
  defaultSeverity: 'warning',
  description: 'A spec comparing several targets has a target with no prices, so the comparison cannot weigh cost.',
  docs:
    'With `targets:`, `aispec eval` recommends the cheapest target that passes every gate. A target with no ' +
    '`pricing` (of its own, or the top-level `pricing`) has an unknown cost per case, so when it passes no ' +
    'recommendation can be made: it might be the cheapest. Give each target its prices, e.g. ' +
    '`pricing: { input_per_mtok: 0.15, output_per_mtok: 0.6 }`, or a top-level `pricing` that applies to every ' +
    'target without its own.',
  check(spec, context) {
    const data = context.data as Partial<SpecConfig>;
    if (!('targets' in data)) return [];
    const findings: LintFinding[] = [];
    for (const target of specTargets(data)) {
      if (targetPricing(data, target)) continue;
      const at = context.locateFrontmatter(['targets', target.name]);
      if (!at) continue;
      findings.push({
        message: `Target "${target.name}" has no pricing, so its cost cannot be compared with the others' and no target can be recommended when it passes. Add pricing: { input_per_mtok, output_per_mtok } under targets.${target.name}, or a top-level pricing.`,
        range: at.key ?? at.value,
      });
    }
    return findings;
  },
};
