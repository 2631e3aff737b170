import type { ChildProcess } from 'node:child_process';

/**
 * Waits until a server process started by a test answers `GET /health/ready` with 200. Throws with the tail
 * of the process's output as soon as it exits, or when `timeoutMs` runs out.
 */
export async function untilReady(
  base: string,
  child: ChildProcess,
  opts: { timeoutMs: number; output: () => string },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`server on ${base} exited (${child.exitCode}):\n${opts.output().slice(-4000)}`);
    }
    const ok = await fetch(`${base}/health/ready`).then(
      (r) => r.ok,
      () => false, // not listening yet
    );
    if (ok) return;
    if (Date.now() > deadline) {
      throw new Error(`server on ${base} not ready in ${opts.timeoutMs} ms:\n${opts.output().slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
