// The one check for "a plain key-value object" that parsed YAML/JSON, configs and model answers go through
// before their keys are read: arrays and null are objects to `typeof`, but not records.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
