#!/usr/bin/env node
// Thin launcher: the CLI is bundled by esbuild into dist/ (see scripts/build.mjs): a small dispatcher,
// dist/cli.cjs, and one bundle per command that the dispatcher requires when that command runs.
// On Node 22.1+ V8's compile cache lets later runs skip most of the bundles' compilation (a sixth of a cold
// `aispec check`); Node 20 has no supported equivalent, and we do not hook the module loader for one.
'use strict';
const Module = require('node:module');
if (typeof Module.enableCompileCache === 'function' && !process.env.NODE_DISABLE_COMPILE_CACHE) Module.enableCompileCache();
require('../dist/cli.cjs');
