// The files a GitHub Actions step talks to the workflow through: step outputs (GITHUB_OUTPUT) and the job
// summary (GITHUB_STEP_SUMMARY), and workflow commands on stdout for annotations.
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';

/** Sets a step output; the heredoc form with a random delimiter keeps any value, new lines included, intact. */
export function setOutput(name, value, env = process.env) {
  const file = env.GITHUB_OUTPUT;
  if (!file) return;
  const delimiter = `aispec_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}

/** Appends Markdown to the job summary (a no-op outside Actions). */
export function appendSummary(markdown, env = process.env) {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  appendFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
}

/** Escapes a workflow command's message, as the runner expects (a new line would end the command). */
export function escapeData(text) {
  return String(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value (title=...), where `:` and `,` also delimit. */
export function escapeProperty(text) {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** An error annotation on the workflow run. */
export function annotateError(title, message) {
  process.stdout.write(`::error title=${escapeProperty(title)}::${escapeData(message)}\n`);
}
