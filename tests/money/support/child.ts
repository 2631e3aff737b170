import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(import.meta.dirname, '../../..');

export interface Child {
  proc: ChildProcess;
  /** Resolves with the first stdout line that satisfies `test` (rejects if the child exits first). */
  waitFor(test: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Every stdout line so far. */
  readonly lines: string[];
  /** stderr so far, for failure messages. */
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  onLine(fn: (line: string) => void): void;
}

/**
 * Runs a TypeScript file of this repo in its own node process, with extra environment. It is
 * `node --import tsx file`, not `node_modules/.bin/tsx file`: the tsx CLI runs the script in a second node
 * process, so a SIGKILL sent to the CLI would leave the process doing the work alive (and it starts twice
 * as slowly).
 */
export function spawnTs(file: string, env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, file)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const listeners: ((line: string) => void)[] = [];
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    proc.once('exit', (code, signal) => res({ code, signal })),
  );
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const l of listeners) l(line);
  });
  return {
    proc,
    lines,
    stderr: () => err,
    exited,
    onLine: (fn) => {
      listeners.push(fn);
    },
    waitFor: (test, timeoutMs = 30_000) =>
      new Promise<string>((res, rej) => {
        const found = lines.find(test);
        if (found !== undefined) return res(found);
        const timer = setTimeout(
          () => rej(new Error(`child ${file}: timed out waiting; stderr: ${err.slice(-2000)}`)),
          timeoutMs,
        );
        listeners.push((line) => {
          if (test(line)) {
            clearTimeout(timer);
            res(line);
          }
        });
        void exited.then(({ code, signal }) => {
          clearTimeout(timer);
          rej(new Error(`child ${file} exited (${code ?? signal}) first; stderr: ${err.slice(-2000)}`));
        });
      }),
  };
}
