import { isRecord } from '../../util/is-record.js';
import type { LintRule } from '../types.js';

const PATH_LIKE = /^[^\s]+\.(md|markdown|txt|prompt|j2|jinja|tmpl)$/i;

export const systemLooksLikePath: LintRule = {
  id: 'system-looks-like-path',
  defaultSeverity: 'warning',
  description: '`target.system` is a single file name (e.g. `prompts/x.md`): the model would get the path, not the prompt.',
  docs:
    '`target.system` is the system prompt itself; `target.system_file` names a file holding it. A value such as ' +
    '`prompts/assistant.md` in `system` is sent to the model verbatim, so every case runs without the real ' +
    'prompt. Rename the key to `system_file` (the quick fix does).',
  check(spec, context) {
    const target = context.data.target;
    if (!isRecord(target) || typeof target.system !== 'string' || target.system_file !== undefined) return [];
    const value = target.system.trim();
    if (!PATH_LIKE.test(value)) return [];
    const at = context.locateFrontmatter(['target', 'system'])!;
    return [
      {
        message: `target.system is the prompt text, but "${value}" looks like a file path: the model would receive the path itself. Use "system_file: ${value}".`,
        range: at.value,
        ...(at.key ? { fixes: [{ title: 'Rename to system_file', edits: [{ ...at.key, newText: 'system_file' }] }] } : {}),
      },
    ];
  },
};
