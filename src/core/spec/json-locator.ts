// The JSON counterpart of yaml-locator, for JSONL case files: jsonc-parser keeps node offsets.
import { findNodeAtLocation, type Node as JsonNode } from 'jsonc-parser';
import type { Locator, SourceRange, ValuePath } from './types.js';

export function jsonLocator(root: JsonNode | undefined, file: string, base: number, fallback: SourceRange): Locator {
  const rangeOf = (node: JsonNode): SourceRange => ({ file, start: base + node.offset, end: base + node.offset + node.length });
  return (path: ValuePath) => {
    if (!root) return { value: fallback };
    // Walk down as far as the path exists, so a missing key reports its parent object.
    for (let depth = path.length; depth >= 0; depth--) {
      const node = findNodeAtLocation(root, path.slice(0, depth) as (string | number)[]);
      if (!node) continue;
      const keyNode = depth === path.length && node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
      return keyNode ? { key: rangeOf(keyNode), value: rangeOf(node) } : { value: rangeOf(node) };
    }
    return { value: rangeOf(root) };
  };
}
