// New Ajv instances for the graders (`json-schema` checks, `tool-called` arguments, the judge's verdicts).
// CommonJS on purpose, as json-schema-problem.cjs: ajv (its compiler, the 2019-09 and 2020-12 dialects and
// ajv-formats) is required here, inside the function, the first time a run compiles a schema, so a run with
// no such check never loads it; an ES module import would load all of it with the eval bundle, before the
// first request (~5-8 ms of a 1,000-case run's start in bench:eval's profile).
'use strict';

/**
 * An Ajv of `dialect` ('07', '2019' or '2020') with `options`; with `formats`, ajv-formats added (the formats
 * a json-schema check may name).
 */
module.exports = function newAjv(dialect, options, formats) {
  const ajv =
    dialect === '2020' ? new (require('ajv/dist/2020').Ajv2020)(options) : dialect === '2019' ? new (require('ajv/dist/2019').Ajv2019)(options) : new (require('ajv').Ajv)(options);
  if (formats) {
    const addFormats = require('ajv-formats');
    (addFormats.default ?? addFormats)(ajv);
  }
  return ajv;
};
