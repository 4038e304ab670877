// Root hooks for every e2e file (run-e2e.mjs passes them to mocha): a failing test leaves a screenshot of
// the workbench it was driving in test-results/e2e/FAILED-<title>.png.
import type Mocha from 'mocha';
import { Workbench } from './workbench.js';

export const mochaHooks: Mocha.RootHookObject = {
  async afterEach(this: Mocha.Context) {
    const test = this.currentTest;
    if (test?.state === 'failed' && Workbench.current) {
      await Workbench.current.screenshot(`FAILED-${test.fullTitle()}`).catch(() => undefined);
    }
  },
};
