// Maps a value path (as ajv reports it) to the key and value ranges of a YAML node, so a diagnostic points
// at `gates.pass_rate`'s value or at the misspelt key itself, never at line 1.
import { isMap, isPair, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import type { Locator, SourceRange, ValuePath } from './types.js';

export function yamlLocator(root: YamlNode | null | undefined, file: string, base: number, fallback: SourceRange): Locator {
  const rangeOf = (node: YamlNode | null | undefined): SourceRange | undefined =>
    node?.range ? { file, start: base + node.range[0], end: base + node.range[1] } : undefined;

  return (path: ValuePath) => {
    let node: YamlNode | null | undefined = root;
    let value = rangeOf(root) ?? fallback;
    let key: SourceRange | undefined;
    for (const segment of path) {
      key = undefined;
      let next: YamlNode | null | undefined;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) return { value };
        key = rangeOf(pair.key as YamlNode);
        next = pair.value as YamlNode | null;
        // `key:` with no value: point at the key rather than at nothing.
        if (!next || !next.range) return { key, value: key ?? value };
      } else if (isSeq(node) && typeof segment === 'number') {
        next = node.items[segment] as YamlNode | undefined;
        if (!next) return { value };
      } else {
        return { value };
      }
      node = next;
      value = rangeOf(node) ?? value;
    }
    return key ? { key, value } : { value };
  };
}
