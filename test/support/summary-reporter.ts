// Mocha's spec reporter (a line per test, failures with stacks) plus a closing line `N passed, N failed`
// alone on a line, the plain summary CI's log reader looks for. Shared by the extension-host and e2e runs.
import Mocha from 'mocha';

export class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    // Registered after Spec's own end listener, so the line comes after its epilogue.
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes, failures, pending } = this.stats;
      Mocha.reporters.Base.consoleLog(`${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
    });
  }
}
