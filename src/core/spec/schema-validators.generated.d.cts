// Types of the generated standalone validators (scripts/gen-schema-validators.mjs).
import type { ValidateFunction } from 'ajv';

declare function aispecValidators(aispecSchema: object): {
  frontmatter: ValidateFunction;
  case: ValidateFunction;
  criterion: ValidateFunction;
};
export = aispecValidators;
