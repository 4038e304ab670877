// The Node ProcessRunner: child_process.spawn without a shell, the case on stdin, stdout and stderr
// collected. On timeout or abort the whole process tree is stopped: on POSIX the child leads its own process
// group (detached) and the group gets SIGTERM, then SIGKILL after a grace period; on Windows
// `taskkill /T /F`. The promise always settles: if the pipes stay open after the kill (a grandchild that left
// the group), it settles anyway once the grace period has passed twice.
import type { ChildProcess } from 'node:child_process';
import { CaseError, type ProcessResult, type ProcessRunner } from '../core/index.js';
import { allowManyListeners } from './http-client.js';

/** node:child_process, loaded with the first program started: an eval that starts none (most) never loads it. */
const childProcess = (): typeof import('node:child_process') => process.getBuiltinModule('node:child_process');

export interface ProcessRunnerOptions {
  /** Time between SIGTERM and SIGKILL (default 500 ms). */
  killGraceMs?: number;
  /** Stdout beyond this is a runaway program: it is stopped (default 64 MiB). */
  maxStdoutBytes?: number;
  /** Stderr keeps only its last this-many bytes (default 64 KiB). */
  maxStderrBytes?: number;
}

const isWindows = process.platform === 'win32';

/** Stops a child and everything it started. */
export function killTree(child: ChildProcess, signal: NodeJS.Signals): void {
  const pid = child.pid;
  if (pid === undefined) return;
  if (isWindows) {
    const killer = childProcess().spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    killer.on('error', () => child.kill(signal));
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

export function createProcessRunner(options: ProcessRunnerOptions = {}): ProcessRunner {
  const grace = options.killGraceMs ?? 500;
  const maxStdout = options.maxStdoutBytes ?? 64 * 1024 * 1024;
  const maxStderr = options.maxStderrBytes ?? 64 * 1024;

  return {
    run(argv, { stdin, cwd, timeoutMs, signal, env }) {
      return new Promise<ProcessResult>((resolve, reject) => {
        if (signal.aborted) {
          reject(signal.reason);
          return;
        }
        const [command, ...args] = argv;
        if (command === undefined || command === '') {
          reject(new CaseError('command: the argv list is empty.'));
          return;
        }
        let child: ChildProcess;
        try {
          child = childProcess().spawn(command, args, {
            cwd,
            env: env ? { ...process.env, ...env } : process.env,
            stdio: ['pipe', 'pipe', 'pipe'],
            shell: false,
            detached: !isWindows,
            windowsHide: true,
          });
        } catch (error) {
          reject(new CaseError(`command: could not start "${command}": ${error instanceof Error ? error.message : String(error)}`));
          return;
        }

        const stdout: Buffer[] = [];
        let stdoutBytes = 0;
        let stderr = Buffer.alloc(0);
        let timedOut = false;
        let aborted = false;
        let overflow = false;
        let settled = false;
        const timers: NodeJS.Timeout[] = [];

        const finish = (result: ProcessResult | { error: unknown }): void => {
          if (settled) return;
          settled = true;
          for (const t of timers) clearTimeout(t);
          signal.removeEventListener('abort', onAbort);
          if ('error' in result) reject(result.error);
          else if (aborted) reject(signal.reason);
          else resolve(result);
        };

        const result = (exitCode: number | null): ProcessResult => {
          let err = stderr.toString('utf8');
          if (overflow) err += `\naispec: stdout passed ${maxStdout} bytes; the program was stopped.`;
          return { stdout: Buffer.concat(stdout).toString('utf8'), stderr: err, exitCode: overflow ? null : exitCode, timedOut };
        };

        let stopping = false;
        const stop = (): void => {
          if (stopping) return;
          stopping = true;
          killTree(child, 'SIGTERM');
          timers.push(setTimeout(() => killTree(child, 'SIGKILL'), grace));
          // If the pipes never close (a grandchild outside the group holds them), settle anyway.
          timers.push(
            setTimeout(() => {
              child.stdout?.destroy();
              child.stderr?.destroy();
              finish(result(child.exitCode));
            }, grace * 2 + 100),
          );
        };

        const onAbort = (): void => {
          aborted = true;
          stop();
        };
        allowManyListeners(signal);
        signal.addEventListener('abort', onAbort, { once: true });
        timers.push(
          setTimeout(() => {
            timedOut = true;
            stop();
          }, timeoutMs),
        );

        child.stdout!.on('data', (chunk: Buffer) => {
          stdoutBytes += chunk.length;
          if (stdoutBytes > maxStdout) {
            overflow = true;
            stop();
            return;
          }
          stdout.push(chunk);
        });
        child.stderr!.on('data', (chunk: Buffer) => {
          stderr = Buffer.concat([stderr, chunk]);
          if (stderr.length > maxStderr) stderr = stderr.subarray(stderr.length - maxStderr);
        });
        child.stdin!.on('error', () => {
          // The program exited without reading its input (EPIPE): its exit status tells the story.
        });
        child.on('error', (error: NodeJS.ErrnoException) => {
          if (child.pid !== undefined && stopping) return;
          const reason = error.code === 'ENOENT' ? `not found (is it installed and on PATH? cwd: ${cwd})` : error.code === 'EACCES' ? 'permission denied (is it executable?)' : error.message;
          finish({ error: new CaseError(`command: could not start "${command}": ${reason}`) });
        });
        child.on('exit', () => {
          // Normally 'close' follows once the pipes drain; a background grandchild may keep them open.
          timers.push(
            setTimeout(() => {
              if (settled) return;
              killTree(child, 'SIGKILL');
              child.stdout?.destroy();
              child.stderr?.destroy();
              finish(result(child.exitCode));
            }, 500),
          );
        });
        child.on('close', (code) => finish(result(code)));

        child.stdin!.end(stdin);
      });
    },
  };
}
