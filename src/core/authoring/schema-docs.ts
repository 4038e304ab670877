// What a key or value means, as Markdown for completion details and hovers, written from the schema: its
// description, type and range, default, allowed values with their meanings, and an example.
import { stringify } from 'yaml';
import { describe, typesOf, valuesOf, type SchemaNode } from './schema-nav.js';

/** `number, 0..1`, `integer ≥ 1`, `string`, `one of draft, review, ...` */
export function typeSummary(nodes: SchemaNode[]): string {
  const values = valuesOf(nodes);
  if (values.length === 1 && nodes.some((n) => 'const' in n)) return `always ${JSON.stringify(values[0]!.value)}`;
  if (values.length > 1 && !nodes.some((n) => n.type === 'boolean')) return `one of ${values.map((v) => String(v.value)).join(', ')}`;
  const types = [...typesOf(nodes)];
  let text = types.length ? types.join(' or ') : 'any value';
  const pick = (key: string): number | undefined => {
    for (const n of nodes) if (typeof n[key] === 'number') return n[key] as number;
    return undefined;
  };
  const min = pick('minimum');
  const max = pick('maximum');
  const exMin = pick('exclusiveMinimum');
  if (min !== undefined && max !== undefined) text += `, ${min}..${max}`;
  else if (min !== undefined) text += ` ≥ ${min}`;
  else if (exMin !== undefined) text += ` > ${exMin}`;
  else if (max !== undefined) text += ` ≤ ${max}`;
  return text;
}

function firstOf(nodes: SchemaNode[], key: string): unknown {
  for (const n of nodes) if (key in n) return n[key];
  return undefined;
}

/** A one-line YAML rendering of `key: value` for an example. */
function yamlExample(key: string | undefined, value: unknown): string {
  const flow = stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trim();
  return key === undefined ? flow : `${key}: ${flow}`;
}

export interface SchemaDocOptions {
  /** Heading: the key's dotted path, e.g. `gates.pass_rate`. */
  title?: string;
  /** Said after the title, e.g. ` (case \`dose-01\`)`. */
  context?: string;
  /** The key name, for the example line. */
  key?: string;
  required?: boolean;
}

/** Markdown describing a key or value from its schema nodes. */
export function schemaMarkdown(nodes: SchemaNode[], options: SchemaDocOptions = {}): string {
  const out: string[] = [];
  const head = [options.title ? `**${options.title}**${options.context ?? ''}` : '', typeSummary(nodes), options.required ? 'required' : ''].filter(Boolean).join(' · ');
  out.push(head);
  const description = describe(nodes);
  if (description) out.push(description);
  const values = valuesOf(nodes).filter((v) => v.description && !nodes.some((n) => 'const' in n && n.const === v.value));
  if (values.length > 1) out.push(values.map((v) => `- \`${String(v.value)}\`: ${v.description}`).join('\n'));
  const def = firstOf(nodes, 'default');
  if (def !== undefined) out.push(`Default: \`${yamlExample(undefined, def)}\``);
  const examples = firstOf(nodes, 'examples');
  if (Array.isArray(examples) && examples.length && options.key !== undefined) out.push(`Example: \`${yamlExample(options.key, examples[0])}\``);
  return out.join('\n\n');
}
