// An empty stand-in for @types/node in the host-free layers (src/shared, src/core, src/webview): their
// tsconfigs list this folder as their only typeRoot, so a dependency whose typings say
// `/// <reference types="node" />` (csv-parse's do, for its stream API, which the core never calls) resolves
// here instead of loading every Node global (`process`, `Buffer`, `node:fs`, ...) into the layer's program.
// What such a typing needs from Node becomes an unchecked type inside node_modules (skipLibCheck), never a
// global the layer's own code could use.
export {};
