// A small XML 1.0 well-formedness check for the JUnit tests (no XML parser is a dependency): one root,
// balanced tags, attributes quoted with only legal references inside, text without raw < or bare &, and
// no character outside XML 1.0's Char production.
const NAME = '[A-Za-z_:][-A-Za-z0-9_:.]*';
const REFERENCE = '&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);';
const ATTRIBUTE = new RegExp(`^\\s+(${NAME})="((?:[^<&"]|${REFERENCE})*)"`);
const TEXT = new RegExp(`^(?:[^<&]|${REFERENCE})*$`);
// eslint-disable-next-line no-control-regex -- looking for the characters XML forbids
const ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function assertWellFormedXml(xml: string): void {
  if (ILLEGAL.test(xml)) throw new Error(`illegal XML character at ${xml.search(ILLEGAL)}`);
  let rest = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  let roots = 0;
  while (rest.length > 0) {
    const lt = rest.indexOf('<');
    const text = lt < 0 ? rest : rest.slice(0, lt);
    if (!TEXT.test(text)) throw new Error(`bad text: ${JSON.stringify(text.slice(0, 80))}`);
    if (stack.length === 0 && text.trim() !== '') throw new Error('text outside the root element');
    if (lt < 0) break;
    rest = rest.slice(lt);
    const close = new RegExp(`^</(${NAME})\\s*>`).exec(rest);
    if (close) {
      if (stack.pop() !== close[1]) throw new Error(`unbalanced </${close[1]}>`);
      rest = rest.slice(close[0].length);
      continue;
    }
    const open = new RegExp(`^<(${NAME})`).exec(rest);
    if (!open) throw new Error(`bad markup: ${JSON.stringify(rest.slice(0, 80))}`);
    rest = rest.slice(open[0].length);
    const seen = new Set<string>();
    for (let m = ATTRIBUTE.exec(rest); m; m = ATTRIBUTE.exec(rest)) {
      if (seen.has(m[1]!)) throw new Error(`duplicate attribute ${m[1]} on <${open[1]}>`);
      seen.add(m[1]!);
      rest = rest.slice(m[0].length);
    }
    const end = /^\s*(\/?)>/.exec(rest);
    if (!end) throw new Error(`bad attributes on <${open[1]}>: ${JSON.stringify(rest.slice(0, 80))}`);
    rest = rest.slice(end[0].length);
    if (stack.length === 0) roots++;
    if (end[1] !== '/') stack.push(open[1]!);
  }
  if (stack.length) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
}

/** The decoded value of attribute `name` on the first element matching `elementPattern`. */
export function xmlAttribute(xml: string, elementPattern: RegExp, name: string): string | undefined {
  const element = elementPattern.exec(xml)?.[0];
  const raw = element ? new RegExp(`\\s${name}="([^"]*)"`).exec(element)?.[1] : undefined;
  return raw === undefined ? undefined : decodeXml(raw);
}

export function decodeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#[0-9]+);/g, (_, e: string) =>
    e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" : String.fromCodePoint(Number(e.slice(1))),
  );
}
