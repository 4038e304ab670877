// The input and output a pass/fail example shows, so that the judge can grade it (judge calibration). Inside
// the callout, a line starting `Input:` or `Output:` (bold or not) starts that part; it runs to the next such
// line or a blank line. A part written as a fenced block right after the label (`Output:` then ```) is the
// block's content, blank lines included. `Id:` names the example for human labels; without it the example is
// `example-N`, N counting the spec's examples from 1 in document order.

export interface ExampleParts {
  id?: string;
  input?: string;
  output?: string;
}

const LABEL = /^\s*(?:\*\*|__)?(id|input|output)\s*:\s*(?:\*\*|__)?\s*(.*)$/i;
const FENCE = /^\s*(`{3,}|~{3,})/;

/** Reads the parts from the callout's source text (the `>` markers removed). */
export function exampleParts(calloutSource: string): ExampleParts {
  const lines = calloutSource.split(/\r?\n/).map((line) => line.replace(/^\s*>\s?/, ''));
  const parts: Record<string, string[]> = {};
  let current: string[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const label = LABEL.exec(line);
    if (label) {
      const name = label[1]!.toLowerCase();
      const rest = label[2]!.trim();
      current = parts[name] = rest === '' ? [] : [rest];
      const fence = rest === '' ? FENCE.exec(lines[i + 1] ?? '') : null;
      if (fence) {
        const close = lines.findIndex((l, j) => j > i + 1 && l.trim().startsWith(fence[1]!));
        const end = close < 0 ? lines.length : close;
        current.push(...lines.slice(i + 2, end));
        i = end;
        current = undefined;
      }
      continue;
    }
    if (line.trim() === '') current = undefined;
    else current?.push(line.trim());
  }
  const joined = (name: string) => {
    const value = parts[name]?.join('\n').trim();
    return value ? value : undefined;
  };
  const result: ExampleParts = {};
  const id = joined('id')?.replace(/^`|`$/g, '');
  const input = joined('input');
  const output = joined('output');
  if (id) result.id = id;
  if (input !== undefined) result.input = input;
  if (output !== undefined) result.output = output;
  return result;
}
