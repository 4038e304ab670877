// New Ajv instances, for the graders (`json-schema` checks, `tool-called` arguments, the judge's verdicts) and
// for the check of a user-written schema against its meta-schema (json-schema-problem.cjs). CommonJS on
// purpose: ajv (its compiler, the 2019-09 and 2020-12 dialects and ajv-formats) is required here, inside the
// function, the first time a schema is compiled, so a run or a check with no such schema never loads it; an
// ES module import would load all of it with the bundle (~5-8 ms of a 1,000-case run's start in bench:eval's
// profile).
'use strict';

/** The dialect of a JSON Schema: draft-07 unless its `$schema` names 2019-09 or 2020-12. */
function dialectOf(schema) {
  const named = typeof schema === 'object' && schema !== null ? schema.$schema : undefined;
  if (typeof named !== 'string') return '07';
  return named.includes('2020-12') ? '2020' : named.includes('2019-09') ? '2019' : '07';
}

/**
 * An Ajv of `dialect` ('07', '2019' or '2020') with `options`; with `formats`, ajv-formats added (the formats
 * a json-schema check may name).
 */
function newAjv(dialect, options, formats) {
  const ajv =
    dialect === '2020' ? new (require('ajv/dist/2020').Ajv2020)(options) : dialect === '2019' ? new (require('ajv/dist/2019').Ajv2019)(options) : new (require('ajv').Ajv)(options);
  if (formats) {
    const addFormats = require('ajv-formats');
    (addFormats.default ?? addFormats)(ajv);
  }
  return ajv;
}

module.exports = { dialectOf, newAjv };
