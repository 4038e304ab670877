import { gatePowerMessage } from '../gate-power-text.js';
import { rateGatePowersIn } from '../gate-powers.js';
import type { LintRule } from '../types.js';

export const gatePower: LintRule = {
  id: 'gate-power',
  defaultSeverity: 'info',
  usesLastRun: true,
  description: 'How many cases back each rate gate, what the 95% lower bound needs at that n, and how many cases the last observed rate needs.',
  docs:
    'For each gate with a Wilson interval (`pass_rate`, `per_tag`, `per_criterion`, `recall`, `precision`, ' +
    '`accuracy`): the cases behind it (n), the smallest observed rate whose 95% lower bound clears the gate at ' +
    'that n, and, from the spec\'s latest saved run, the 95% interval at the rate it observed and about how many ' +
    'cases a lower bound at that rate needs to clear the gate. With `decide_on: point` the observed rate decides ' +
    'and the bound says when the sample decides the gate. A precision\'s n is the outputs predicted as its label, ' +
    'taken from the last run. Information only: it never fails a check. Turn it off with `gate-power: off`.',
  check(spec, context) {
    return rateGatePowersIn(spec, context).map((gate) => ({ message: gatePowerMessage(gate), range: gate.range }));
  },
};
