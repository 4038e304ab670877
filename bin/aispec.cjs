#!/usr/bin/env node
// Thin launcher: the CLI is bundled by esbuild into dist/cli.cjs (see scripts/build.mjs).
require('../dist/cli.cjs');
