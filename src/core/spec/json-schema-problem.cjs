// Checks a user-written JSON Schema (a `json-schema` check) against its meta-schema. CommonJS on purpose:
// ajv is required here, inside the function, only when a spec has such a check, so that checking every
// other spec (and the CLI's start-up) never loads ajv's compiler; an ES module import would load it eagerly.
//
// Separate ajv instances (kept out of the spec schema's validators, free to use keywords we do not know).
// The dialect is chosen as the json-schema grader chooses it (ajv-instances.cjs: draft-07 unless `$schema`
// names 2019-09 or 2020-12).
'use strict';

const { dialectOf, newAjv } = require('./ajv-instances.cjs');

const instances = new Map();

function metaValidator(schema) {
  const dialect = dialectOf(schema);
  let instance = instances.get(dialect);
  if (!instance) {
    instance = newAjv(dialect, { strict: false, validateFormats: false });
    instances.set(dialect, instance);
  }
  return instance;
}

/** The first problem with a value as a JSON Schema and where it is, or undefined when it is a valid one. */
module.exports = function jsonSchemaProblem(value) {
  if (typeof value === 'boolean') return undefined;
  try {
    const meta = metaValidator(value);
    if (meta.validateSchema(value) === true) return undefined;
    const first = meta.errors?.[0];
    return { instancePath: first?.instancePath ?? '', message: first?.message ?? 'invalid' };
  } catch (error) {
    return { instancePath: '', message: error instanceof Error ? error.message : String(error) };
  }
};
