// Krippendorff's alpha for nominal data: how much several raters agree beyond chance, for the human labels
// of a judge calibration. Unlike Cohen's kappa it takes any number of raters and items rated by only some of
// them. Computed from the coincidence matrix (Krippendorff, "Computing Krippendorff's Alpha-Reliability",
// 2011): alpha = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c · n_k.

/**
 * Nominal alpha over `units`, each the values the raters gave one item (one value per rater). Items with
 * fewer than two values are not pairable and are left out, as the published procedure does.
 *
 * `null` when undefined: no item has two values, or every pairable value is the same (no expected
 * disagreement: the ratio is 0/0). The `krippendorff` Python package raises or returns NaN there.
 */
export function krippendorffAlphaNominal(units: readonly (readonly (string | boolean)[])[]): number | null {
  const coincidences = new Map<string, number>(); // key "c\u0000k" → o_ck
  const totals = new Map<string, number>(); // n_c
  for (const unit of units) {
    const m = unit.length;
    if (m < 2) continue;
    const values = unit.map(String);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        if (i === j) continue;
        const key = `${values[i]}\u0000${values[j]}`;
        coincidences.set(key, (coincidences.get(key) ?? 0) + 1 / (m - 1));
      }
      totals.set(values[i]!, (totals.get(values[i]!) ?? 0) + 1);
    }
  }
  let n = 0;
  for (const count of totals.values()) n += count;
  if (n === 0) return null;
  let observedDisagreement = 0;
  for (const [key, count] of coincidences) {
    const [c, k] = key.split('\u0000');
    if (c !== k) observedDisagreement += count;
  }
  let expectedPairs = 0;
  for (const [c, nc] of totals) for (const [k, nk] of totals) if (c !== k) expectedPairs += nc * nk;
  if (expectedPairs === 0) return null;
  return 1 - ((n - 1) * observedDisagreement) / expectedPairs;
}
