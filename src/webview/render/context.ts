// What every section of the panel is handed: the data, the index over its cases, the view state, and the
// few actions a section may take (drill into the case table, change the view, talk to the host).
import type { CaseTableFilter, PanelData, ViewState, WebviewMessage } from '../../shared/messages.js';
import type { RunResults } from '../../shared/results.js';
import type { CaseIndex } from '../model/cases.js';

export type Part = 'classification' | 'table';

export interface Ctx {
  data: PanelData;
  results: RunResults;
  index: CaseIndex;
  view: ViewState;
  /** The host can open files and switch baselines (VS Code), or not (the HTML report). */
  interactive: boolean;
  /** The summary is here but the cases are still being read (the HTML report's first view). */
  casesPending: boolean;
  /** Opens the case table filtered to a drill-down (a matrix cell, a bar, a gate), replacing the last one. */
  drill(filter: Partial<CaseTableFilter>, from?: HTMLElement): void;
  /** Changes the view state and redraws the named parts. */
  setView(mutate: (view: ViewState) => void, parts: Part[]): void;
  post(message: WebviewMessage): void;
}

/** The drill-down fields of a filter, all cleared. */
export const NO_DRILL: Pick<CaseTableFilter, 'expected' | 'predicted' | 'unparsed' | 'tag' | 'criterion' | 'antiPattern' | 'flip'> = {
  expected: null,
  predicted: null,
  unparsed: false,
  tag: null,
  criterion: null,
  antiPattern: null,
  flip: null,
};
