#!/usr/bin/env node
// Thin launcher: the CLI is bundled by esbuild into dist/ (see scripts/build.mjs): a small dispatcher,
// dist/cli.cjs, and one bundle per command that the dispatcher requires when that command runs (with their
// compiled code kept between runs, see src/node/code-cache.ts).
'use strict';
require('../dist/cli.cjs');
