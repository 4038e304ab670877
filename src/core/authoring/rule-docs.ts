// The documentation page behind a diagnostic's code: a lint rule's description, why it matters and how to
// fix or configure it; for `parse`, `schema` and `lint-config`, what those problems are. Shown by the editor
// when the code of a diagnostic is clicked, and by `aispec check --list-rules` in short.
import { findLintRule, LINT_CONFIG, lintRules } from '../lint/index.js';

const BUILT_IN: Record<string, { title: string; text: string }> = {
  parse: {
    title: 'The spec cannot be read',
    text:
      'A `parse` problem stops part of the spec from being read at all: YAML syntax in the frontmatter, a ' +
      '```yaml cases or ```yaml rubric block or a case file; a missing frontmatter; a case file that cannot be ' +
      'opened; a `Detect:` detector that is not a `/regex/flags`. The message says where and what to change. ' +
      'Parse problems cannot be turned off: until they are fixed, the rest of the checks see less of the spec.',
  },
  schema: {
    title: 'The spec does not match the format',
    text:
      'A `schema` problem is a key or value the format does not accept: an unknown or misspelt key, a missing ' +
      'required key, a wrong type, a value out of range (`pass_rate: 95` instead of `0.95`), an `expect` that is ' +
      'not one of `labels`, a regex that does not compile. The frontmatter is checked against ' +
      '`schemas/aispec.schema.json`, every case against `$defs/case` and every criterion against ' +
      '`$defs/criterion`; hover a key for its description. Schema problems cannot be turned off.',
  },
  [LINT_CONFIG]: {
    title: 'Lint configuration',
    text:
      'The `lint:` map of the spec or of `aispec.config.json` names a rule that does not exist, or gives a ' +
      `severity other than \`off\`, \`info\`, \`warning\` or \`error\`. The rules are: ${lintRules.map((r) => `\`${r.id}\``).join(', ')}.`,
  },
};

/** The Markdown page for a diagnostic code, or undefined for a code aispec does not know. */
export function ruleDocsMarkdown(code: string): string | undefined {
  const rule = findLintRule(code);
  if (rule) {
    const quieter = rule.defaultSeverity === 'error' ? 'warning' : 'off';
    return [
      `# ${rule.id}`,
      `*aispec lint rule · default severity: ${rule.defaultSeverity}*`,
      rule.description,
      rule.docs,
      '## Configure',
      `Set the severity (\`off\`, \`info\`, \`warning\` or \`error\`) for one spec in its frontmatter, or for every spec under a folder in \`aispec.config.json\`:`,
      `\`\`\`yaml\nlint:\n  ${rule.id}: ${quieter}\n\`\`\``,
      `\`\`\`json\n{ "lint": { "${rule.id}": "${quieter}" } }\n\`\`\``,
    ].join('\n\n');
  }
  const builtIn = BUILT_IN[code];
  if (!builtIn) return undefined;
  return [`# ${code}`, `*aispec · ${builtIn.title}*`, builtIn.text].join('\n\n');
}
