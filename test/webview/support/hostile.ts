// The hostile corpus: what a model might output to get at whoever reads it (markup, handlers, javascript:
// links, style and script break-outs, SVG with script, template and mXSS payloads, very long unbroken lines,
// bidi overrides), and a run with it in every field the panel draws.
import type { RunResults } from '../../../src/shared/results.js';

const LONG = `${'A'.repeat(20_000)}${'/very/long/unbroken/path'.repeat(300)}`;

export const HOSTILE: string[] = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned=\'img\'">',
  '<a href="javascript:window.__pwned=\'link\'">click me</a> javascript:window.__pwned=1',
  '</style><style>*{display:none!important}</style><p>styled</p>',
  '</script><script>window.__pwned="script-close"</script>',
  '<svg onload="window.__pwned=\'svg\'"><script>window.__pwned="svg-script"</script></svg>',
  '"><iframe srcdoc="<script>parent.__pwned=\'iframe\'</script>"></iframe>',
  '{{constructor.constructor("window.__pwned=\'template\'")()}} ${window.__pwned="tpl"}',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=\'mxss\'">',
  '<details open ontoggle="window.__pwned=\'toggle\'">',
  '<input autofocus onfocus="window.__pwned=\'focus\'">',
  LONG,
  'filename\u202Etxt.exe and \u2066isolate\u2069 and \u200Bzero-width',
  '\u202Eevil reversed ✓ pass',
  '&lt;script&gt;already escaped&lt;/script&gt; &amp; <!-- comment --> <![CDATA[x]]>',
];

/** The triage run with the corpus in every field that reaches the screen, labels included. */
export function hostileRun(base: RunResults): RunResults {
  const hostileLabel = '<img src=x onerror="window.__pwned=\'label\'">';
  // Rename a label everywhere it is a value or a key (reasons quote it escaped, so they stay as they are).
  const run = JSON.parse(JSON.stringify(base).replaceAll('"abuse"', JSON.stringify(hostileLabel))) as RunResults;
  run.spec.title = `${HOSTILE[0]} ${HOSTILE[12]}`;
  run.cases.forEach((c, i) => {
    const text = HOSTILE[i % HOSTILE.length]!;
    if (i < HOSTILE.length * 3) {
      c.output = text;
      c.input = i % 2 ? text : [{ role: 'system', content: text }, { role: 'user', content: `${text} ${i}` }];
      c.reason = text;
      c.tags = [...c.tags, i % 3 === 0 ? '__proto__' : `<b onmouseover="window.__pwned='tag'">tag</b>`];
      c.meta = { ...(c.meta ?? {}), note: text, __proto__: 'proto' } as Record<string, unknown>;
      for (const k of c.criteria) k.reason = text;
      for (const k of c.checks) k.reason = text;
      c.anti_patterns = [{ id: 'evil', name: text.slice(0, 200), matched: text }];
      if (i < HOSTILE.length) c.id = `${text.slice(0, 300)} #${i}`;
      c.status = 'fail';
    }
  });
  run.anti_patterns = { evil: { name: HOSTILE[1]!, hits: HOSTILE.length * 3, cases: run.cases.slice(0, HOSTILE.length * 3).map((c) => c.id) } };
  return run;
}

