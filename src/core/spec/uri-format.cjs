// The json-schema "uri" format of schemas/aispec.schema.json (a target's base_url, a judge's, a pricing
// source), for the generated validators (scripts/gen-schema-validators.mjs): ajv-formats' own `uri`, which
// tests RFC 3986 with one long case-insensitive regex. V8 compiles that regex on its first use, ~4 ms of
// every `aispec eval` of a spec with a base_url before its first request, plus ~2 ms to load ajv-formats'
// other formats. So a URL of the usual shape (http or https, a host name or IPv4 address, a port, a path of
// plain characters) is accepted by a small regex whose every match RFC 3986 (and so ajv-formats' regex)
// accepts too; anything else, valid or not, gets ajv-formats' answer, as before.
// test/unit/spec/uri-format.test.ts holds the two answers against each other.
'use strict';

const USUAL_URL = /^https?:\/\/[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:\/[A-Za-z0-9._~/-]*)?$/;

/** @type {((text: string) => boolean) | undefined} */
let rfc3986;

/** Whether `text` is a URI, as ajv-formats' "uri" format says. */
function uri(text) {
  if (USUAL_URL.test(text)) return true;
  rfc3986 ??= require('ajv-formats/dist/formats').fullFormats.uri;
  return rfc3986(text);
}

module.exports = { uri };
