// Reads schemas/aispec.schema.json the way an editor needs it: which keys an object at a path may have, what
// values a key takes, and what each means. The schema is the one the validator uses, so completion offers
// exactly what `aispec check` accepts. Conditional parts are resolved against the data being edited: a
// target's keys depend on its `provider`, `classify` is rules or one of its two special forms.
import { aispecSchema } from '../spec/schema-validators.js';
import type { RegionKind } from './regions.js';
import { valueAt, type YamlPath } from './yaml-context.js';
import { isRecord } from '../util/is-record.js';

export type SchemaNode = Record<string, unknown>;

/** The schema each YAML region is checked against: the frontmatter, a list of cases, a list of criteria. */
export const REGION_SCHEMAS: Record<RegionKind, SchemaNode> = {
  frontmatter: aispecSchema,
  cases: { type: 'array', items: { $ref: '#/$defs/case' } },
  rubric: { type: 'array', items: { $ref: '#/$defs/criterion' } },
};

function deref(node: unknown): SchemaNode | undefined {
  if (!isRecord(node)) return undefined;
  const ref = node.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/$defs/')) return deref(aispecSchema.$defs[ref.slice('#/$defs/'.length)]);
  return node;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function typeMatches(type: unknown, value: unknown): boolean {
  const types = Array.isArray(type) ? type : [type];
  return types.some((t) => {
    switch (t) {
      case 'object':
        return isRecord(value);
      case 'array':
        return Array.isArray(value);
      case 'string':
        return typeof value === 'string';
      case 'number':
        return typeof value === 'number';
      case 'integer':
        return Number.isInteger(value);
      case 'boolean':
        return typeof value === 'boolean';
      case 'null':
        return value === null;
      default:
        return true;
    }
  });
}

/** Enough of JSON Schema to decide the schema's `if`s: required, properties, const, enum, type, anyOf, allOf, not. */
export function matches(schema: unknown, value: unknown): boolean {
  const node = deref(schema);
  if (!node) return schema !== false;
  if ('const' in node && !deepEqual(node.const, value)) return false;
  if (Array.isArray(node.enum) && !node.enum.some((e) => deepEqual(e, value))) return false;
  if (node.type !== undefined && !typeMatches(node.type, value)) return false;
  if (Array.isArray(node.required) && !(isRecord(value) && node.required.every((k) => typeof k === 'string' && k in value))) return false;
  if (isRecord(node.properties) && isRecord(value)) {
    for (const [key, sub] of Object.entries(node.properties)) if (key in value && !matches(sub, value[key])) return false;
  }
  if (Array.isArray(node.anyOf) && !node.anyOf.some((s) => matches(s, value))) return false;
  if (Array.isArray(node.allOf) && !node.allOf.every((s) => matches(s, value))) return false;
  if (node.not !== undefined && matches(node.not, value)) return false;
  return true;
}

/** A schema with its `$ref`, `allOf` and `if`/`then`/`else` resolved against `value`: every node that applies. */
export function applicable(schema: unknown, value: unknown): SchemaNode[] {
  const node = deref(schema);
  if (!node) return [];
  const out: SchemaNode[] = [node];
  if (Array.isArray(node.allOf)) for (const sub of node.allOf) out.push(...applicable(sub, value));
  if (node.if !== undefined) {
    const branch = matches(node.if, value) ? node.then : node.else;
    if (branch !== undefined) out.push(...applicable(branch, value));
  }
  return out;
}

function childSchemas(nodes: SchemaNode[], segment: string | number): unknown[] {
  const out: unknown[] = [];
  for (const node of nodes) {
    if (typeof segment === 'number') {
      if (node.items !== undefined && typeof node.items !== 'boolean') out.push(node.items);
      continue;
    }
    const own = isRecord(node.properties) ? node.properties[segment] : undefined;
    if (own !== undefined) {
      out.push(own);
      continue;
    }
    let matched = false;
    if (isRecord(node.patternProperties)) {
      for (const [pattern, sub] of Object.entries(node.patternProperties)) {
        if (new RegExp(pattern, 'u').test(segment)) {
          out.push(sub);
          matched = true;
        }
      }
    }
    if (!matched && isRecord(node.additionalProperties)) out.push(node.additionalProperties);
  }
  return out;
}

/** The schema nodes that apply at `path` of `data` (the region's root schema at []). */
export function schemasAt(region: RegionKind, data: unknown, path: YamlPath): SchemaNode[] {
  let nodes = applicable(REGION_SCHEMAS[region], data);
  for (let i = 0; i < path.length; i++) {
    const value = valueAt(data, path.slice(0, i + 1));
    const children = childSchemas(nodes, path[i]!);
    // A key a provider-specific branch names wins over a catch-all (`additionalProperties`) of another node.
    nodes = children.flatMap((c) => applicable(c, value));
    if (!nodes.length) return [];
  }
  return dedupe(nodes);
}

function dedupe(nodes: SchemaNode[]): SchemaNode[] {
  return [...new Set(nodes)];
}

export interface KeyInfo {
  name: string;
  /** The key's schema nodes (a key may be described by the base and a branch, e.g. target `provider`). */
  schemas: SchemaNode[];
  required: boolean;
  /** Position in the schema, for a stable order. */
  order: number;
}

/** The keys an object with these schemas may have, in schema order. */
export function keysOf(nodes: SchemaNode[]): KeyInfo[] {
  const keys = new Map<string, KeyInfo>();
  const required = new Set<string>();
  for (const node of nodes) {
    if (Array.isArray(node.required)) for (const k of node.required) if (typeof k === 'string') required.add(k);
    if (!isRecord(node.properties)) continue;
    for (const [name, sub] of Object.entries(node.properties)) {
      const resolved = deref(sub);
      if (!resolved) continue;
      const known = keys.get(name);
      if (known) known.schemas.push(resolved);
      else keys.set(name, { name, schemas: [resolved], required: false, order: keys.size });
    }
  }
  for (const key of keys.values()) key.required = required.has(key.name);
  return [...keys.values()];
}

/** A schema's description: `markdownDescription` or `description` of the first node that has one. */
export function describe(nodes: SchemaNode[]): string | undefined {
  for (const node of nodes) {
    const text = node.markdownDescription ?? node.description;
    if (typeof text === 'string') return text;
  }
  return undefined;
}

export interface ValueInfo {
  value: string | number | boolean;
  description?: string;
}

/** The values a schema allows when it names them: `enum` (with `enumDescriptions`), `const`, booleans. */
export function valuesOf(nodes: SchemaNode[]): ValueInfo[] {
  const out = new Map<string, ValueInfo>();
  const add = (value: unknown, description?: unknown): void => {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return;
    const key = JSON.stringify(value);
    const known = out.get(key);
    if (known) {
      if (!known.description && typeof description === 'string') known.description = description;
      return;
    }
    out.set(key, typeof description === 'string' ? { value, description } : { value });
  };
  for (const node of nodes) {
    if (Array.isArray(node.enum)) {
      const descriptions = Array.isArray(node.markdownEnumDescriptions) ? node.markdownEnumDescriptions : Array.isArray(node.enumDescriptions) ? node.enumDescriptions : [];
      node.enum.forEach((value, i) => add(value, descriptions[i]));
    }
    if ('const' in node) add(node.const, node.description);
  }
  if (!out.size && nodes.some((n) => n.type === 'boolean')) {
    add(true);
    add(false);
  }
  return [...out.values()];
}

/** The JSON types a schema allows (`object`, `array`, `string`, ...), inferred from const and enum where no type is given. */
export function typesOf(nodes: SchemaNode[]): Set<string> {
  const types = new Set<string>();
  for (const node of nodes) {
    const t = node.type;
    if (typeof t === 'string') {
      types.add(t);
    } else if (Array.isArray(t)) {
      for (const x of t) if (typeof x === 'string') types.add(x);
    } else if ('const' in node) {
      types.add(typeof node.const);
    } else if (Array.isArray(node.enum)) {
      for (const e of node.enum) types.add(typeof e);
    } else if (isRecord(node.properties) || isRecord(node.additionalProperties)) {
      types.add('object');
    }
  }
  return types;
}

/** The schema of the items of an array with these schemas. */
export function itemSchemas(nodes: SchemaNode[]): SchemaNode[] {
  return dedupe(childSchemas(nodes, 0).flatMap((c) => applicable(c, undefined)));
}
