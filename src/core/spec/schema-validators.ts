// The JSON Schema compiled once per process: ajv generates a validator function per definition the first
// time one is needed, and every later spec, case and criterion reuses it (no per-case compile).
import { Ajv as Ajv07, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import schemaJson from '../../../schemas/aispec.schema.json' with { type: 'json' };

/** A schema node as JSON: what ajv hands back in `error.parentSchema`. */
export type SchemaNode = Record<string, unknown>;

export const aispecSchema = schemaJson as unknown as SchemaNode & { $id: string; $defs: Record<string, SchemaNode> };

/** Keywords that editors read (VS Code, yaml-language-server) and ajv must accept without acting on them. */
const EDITOR_KEYWORDS = ['markdownDescription', 'errorMessage', 'patternErrorMessage', 'enumDescriptions', 'markdownEnumDescriptions', 'defaultSnippets'];

export interface Validators {
  frontmatter: ValidateFunction;
  case: ValidateFunction;
  criterion: ValidateFunction;
  /** Checks a value as a JSON Schema (for `json-schema` checks): the first problem and where it is, or undefined. */
  jsonSchemaProblem(value: unknown): { instancePath: string; message: string } | undefined;
}

let cached: Validators | undefined;

export function validators(): Validators {
  if (cached) return cached;
  const ajv = new Ajv2020({
    allErrors: true,
    // Strict about the schema itself (a typo in a keyword fails the tests), lenient where strict mode
    // would forbid ordinary JSON Schema idioms: `required` inside `not`/`anyOf`, `type: [string, array]`.
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
    // parentSchema on every error: the messages read descriptions, examples and limits from it.
    verbose: true,
    keywords: EDITOR_KEYWORDS,
  });
  addFormats(ajv, ['uri']);
  const frontmatter = ajv.compile(aispecSchema);
  const def = (name: string): ValidateFunction => {
    const fn = ajv.getSchema(`${aispecSchema.$id}#/$defs/${name}`);
    if (!fn) throw new Error(`schemas/aispec.schema.json has no $defs/${name}`);
    return fn;
  };
  // User-written JSON Schemas (json-schema checks) are checked against their meta-schema only, in separate
  // instances (kept out of ours, free to use keywords we do not know). The dialect is chosen as the
  // json-schema grader chooses it: draft-07 unless `$schema` names 2019-09 or 2020-12.
  const userAjvs = new Map<string, Ajv07 | Ajv2019 | Ajv2020>();
  const userAjv = (schema: object): Ajv07 | Ajv2019 | Ajv2020 => {
    const dialect = (schema as { $schema?: unknown }).$schema;
    const name = typeof dialect === 'string' && dialect.includes('2020-12') ? '2020' : typeof dialect === 'string' && dialect.includes('2019-09') ? '2019' : '07';
    let instance = userAjvs.get(name);
    if (!instance) {
      const options = { strict: false, validateFormats: false } as const;
      instance = name === '2020' ? new Ajv2020(options) : name === '2019' ? new Ajv2019(options) : new Ajv07(options);
      userAjvs.set(name, instance);
    }
    return instance;
  };
  cached = {
    frontmatter,
    case: def('case'),
    criterion: def('criterion'),
    jsonSchemaProblem(value) {
      if (typeof value === 'boolean') return undefined;
      try {
        const meta = userAjv(value as object);
        if (meta.validateSchema(value as object) === true) return undefined;
        const first = meta.errors?.[0];
        return { instancePath: first?.instancePath ?? '', message: first?.message ?? 'invalid' };
      } catch (error) {
        return { instancePath: '', message: error instanceof Error ? error.message : String(error) };
      }
    },
  };
  return cached;
}

/** The `$defs` name of a schema node (`check`, `targetOpenai`, ...), found by identity: ajv keeps our objects. */
const defNames = new Map<unknown, string>(Object.entries(aispecSchema.$defs).map(([name, node]) => [node, name]));

export function defName(node: unknown): string | undefined {
  return node === aispecSchema ? 'frontmatter' : defNames.get(node);
}

export type SchemaError = ErrorObject;
