// The metrics library: pure functions from counts, labels and scores to the numbers a run reports. No I/O,
// no host; every function documents the scikit-learn / statsmodels / numpy function it matches.

export { Z_95, wilsonInterval, wilsonIntervalAtRate, wilsonLowerBound, minCasesForGate } from './wilson.js';
export { type GatePower, gatePower, minPassingCases, casesNeededAtRate } from './gate-power.js';
export { type PassRate, passRate } from './pass-rate.js';
export { type ConfusionMatrix, confusionMatrix } from './confusion.js';
export { cohenKappa } from './kappa.js';
export { cohenKappaInterval } from './kappa-interval.js';
export { BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, type BootstrapOptions, type F1Intervals, bootstrapF1Intervals } from './bootstrap.js';
export { mulberry32 } from './random.js';
export { type ClassificationReport, classificationReport, reportFromConfusion } from './classification.js';
export { type ScoreThresholds, scoreThresholds } from './score-thresholds.js';
export { rocAuc } from './roc.js';
export {
  type PrecisionRecallPoint,
  type PrecisionRecallCurve,
  precisionRecallCurve,
  precisionRecallAt,
} from './precision-recall.js';
export { type McNemarResult, mcnemarExact } from './mcnemar.js';
export { percentile, percentiles } from './percentile.js';
export { type PairedCounts, Z_80, detectableDifference, newcombePairedInterval, pairedDifference } from './paired-difference.js';
export { krippendorffAlphaNominal } from './krippendorff-alpha.js';
export { type BinaryAgreement, binaryAgreement } from './binary-agreement.js';
