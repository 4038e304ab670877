// Cost from token usage and the spec's `pricing` (USD per million tokens).
import type { Pricing, Usage } from '../../shared/results.js';

export function costUsd(usage: Usage | undefined, pricing: Pricing | undefined): number | null {
  if (!usage || !pricing || (pricing.input_per_mtok === undefined && pricing.output_per_mtok === undefined)) return null;
  return (usage.input_tokens * (pricing.input_per_mtok ?? 0) + usage.output_tokens * (pricing.output_per_mtok ?? 0)) / 1_000_000;
}
