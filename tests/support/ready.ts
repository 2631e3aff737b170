import type { ChildProcess } from 'node:child_process';

/**
 * Starts waiting for a server process started with PORT=0 (and LOG_LEVEL info or lower) to say where it
 * listens: channels/http/main.ts logs "MegiLance Copilot is up. API <base>/api/tools …". Then waits until it
 * is ready there. A port picked by the test instead could be taken meanwhile (by another test's server, or as
 * the local port of any outgoing connection: 32768–60999 is this kernel's ephemeral range), and the test
 * would fail to listen or, worse, talk to someone else's server.
 */
export async function untilAnnounced(
  child: ChildProcess,
  opts: { timeoutMs: number; output: () => string },
): Promise<string> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const found = /MegiLance Copilot is up\. API (http:\/\/[^\s/]+)\/api\/tools/.exec(opts.output());
    if (found?.[1]) {
      await untilReady(found[1], child, { ...opts, timeoutMs: Math.max(1_000, deadline - Date.now()) });
      return found[1];
    }
    if (child.exitCode !== null) {
      throw new Error(`server exited (${child.exitCode}) before listening:\n${opts.output().slice(-4000)}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`server did not listen in ${opts.timeoutMs} ms:\n${opts.output().slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

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
