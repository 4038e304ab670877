// A spec with N short cases in a JSONL case file, run on a recorded target (outputs.jsonl beside it): the
// shape of the scale bench (issue 15) and of the large-spec tests. Written line by line, so generating a
// million cases needs no million-element array or string in memory.
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { benchSpecText, LABELS, TAGS } from './bench-spec.js';

function specText(n: number): string {
  const frontmatter = `cases: cases.jsonl
target: { provider: recorded, path: outputs.jsonl }
classify:
  refuse: { regex: "^REFUSE" }
  escalate: { regex: "^ESCALATE" }
  answer: { otherwise: true }
`;
  return benchSpecText(`scale-${n}`, `Scale spec with ${n} cases`, frontmatter);
}

/** Case i: an id, a short input, its expected label and two tags. */
export function scaleCase(i: number): { id: string; input: string; expect: string; tags: string[] } {
  return {
    id: `c${i}`,
    input: `Question ${i}: ibuprofen or paracetamol for symptom ${i % 97}?`,
    expect: LABELS[i % LABELS.length]!,
    tags: [TAGS[i % TAGS.length]!, TAGS[(i + 1) % TAGS.length]!],
  };
}

/** The recorded output for case i: its expected label's reply, except one in 25 (a 96% pass rate). */
function scaleOutput(i: number): { id: string; output: string; latency_ms: number; usage: { input_tokens: number; output_tokens: number } } {
  const label = i % 25 === 7 ? LABELS[(i + 1) % LABELS.length]! : LABELS[i % LABELS.length]!;
  const output = label === 'refuse' ? 'REFUSE: please ask a pharmacist.' : label === 'escalate' ? 'ESCALATE: call emergency services now.' : 'Both are common pain relievers; read the label.';
  return { id: `c${i}`, output, latency_ms: 200 + (i % 400), usage: { input_tokens: 20 + (i % 30), output_tokens: 8 + (i % 12) } };
}

/** Writes LINES(i) for i < n to `file`, in chunks. */
function writeLines(file: string, n: number, line: (i: number) => string): void {
  const fd = openSync(file, 'w');
  try {
    let chunk = '';
    for (let i = 0; i < n; i++) {
      chunk += line(i) + '\n';
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

/** Writes the spec, its case file and its recorded outputs to `dir` (created); returns the spec's path. */
export function writeScaleProject(dir: string, n: number): string {
  mkdirSync(dir, { recursive: true });
  writeLines(join(dir, 'cases.jsonl'), n, (i) => JSON.stringify(scaleCase(i)));
  writeLines(join(dir, 'outputs.jsonl'), n, (i) => JSON.stringify(scaleOutput(i)));
  const spec = join(dir, `scale-${n}.aispec.md`);
  writeFileSync(spec, specText(n));
  return spec;
}

// `node --import tsx bench/scale-fixtures.ts DIR N` writes one project (for profiling by hand).
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const [dir, n] = process.argv.slice(2);
  if (!dir || !n) throw new Error('usage: scale-fixtures.ts DIR N');
  console.log(writeScaleProject(dir, Number(n)));
}
