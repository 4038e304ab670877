// Exit codes are a contract for CI: 0 clean / gates pass, 1 problems found / a gate fails, 2 bad usage or
// unreadable input, 3 a run that could not complete.
export const EXIT = { ok: 0, failed: 1, usage: 2, incomplete: 3 } as const;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const MAIN_HELP = `aispec: AI product specs, checked and run as evals

Usage:
  aispec check [paths or globs...] [--format text|json|github] [--list-rules]
  aispec --version | --help

Commands:
  check   Validate and lint specs (default: every *.aispec.md below the current folder)

Run "aispec <command> --help" for a command's options.`;

export const CHECK_HELP = `Usage: aispec check [paths or globs...] [options]

Validates every spec against the schema and lints its quality. Without arguments, checks every
*.aispec.md below the current folder, skipping node_modules and what .gitignore ignores.

Options:
  --format text|json|github   output: text (file:line:col severity rule message, default), json, or
                              GitHub Actions annotations
  --list-rules                print the lint rules with their default severity and exit
  -h, --help                  show this help

Rule severities: "lint": {"rule-id": "off|info|warning|error"} in aispec.config.json (nearest ancestor
folder) or in a spec's frontmatter.
Exit codes: 0 no errors, 1 errors found, 2 bad usage or unreadable files.`;
