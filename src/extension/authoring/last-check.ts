// The latest check of each open spec, whatever its version. Completion and hover read the spec's own words
// (labels, tags, criterion ids, case counts) from it: a check a keystroke old is right for that, and using it
// means typing never waits for a fresh parse of a large spec. Nothing else parses an open spec on the main thread
// as the user types (the views use the worker's model, spec-documents.ts), so asking for a check of an older
// version also asks for the current one: it is parsed at the next pause in typing, for the next completion.
import * as vscode from 'vscode';
import { Disposable } from '../dispose.js';
import type { Services } from '../services.js';
import type { CheckedSpec } from '../spec-documents.js';

export class LastChecks extends Disposable {
  private readonly checks = new Map<string, CheckedSpec>();

  constructor(private readonly services: Services) {
    super();
    this._register(services.specs.onDidCheck((checked) => this.checks.set(checked.uri.toString(), checked)));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.checks.delete(d.uri.toString())));
  }

  /** The latest check of the document, or a fresh one when it was never checked. Undefined if the check fails. */
  async of(document: vscode.TextDocument): Promise<CheckedSpec | undefined> {
    const known = this.checks.get(document.uri.toString());
    if (known) {
      if (known.version !== document.version) this.services.specs.get(document).catch(() => undefined);
      return known;
    }
    try {
      return await this.services.specs.get(document);
    } catch {
      return undefined;
    }
  }
}
