// The extensionTestsPath module: the extension host require()s the bundled index.js and awaits run().
// It runs every bundled *.test.js beside it with mocha; the promise rejects on any failure (or on no tests),
// which becomes the extension host's, and so the test run's, exit status.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { SummaryReporter } from '../../support/summary-reporter.js';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false, // output goes through the workbench log, not a terminal
    timeout: 60_000, // a ceiling per test; tests wait on events or poll with their own deadlines
    reporter: SummaryReporter,
  });
  const grep = process.env.AISPEC_VSCODE_GREP; // set by the runners' --grep
  if (grep) mocha.grep(grep);
  const files = readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        if (failures) reject(new Error(`${failures} test(s) failed`));
        else if (!runner.stats?.tests) reject(new Error('no tests ran'));
        else resolve();
      });
    } catch (err) {
      // mocha.run() loads the files first: a suite that throws at load time ends up here.
      reject(new Error(`could not load the test files: ${err instanceof Error ? err.stack : String(err)}`));
    }
  });
}
