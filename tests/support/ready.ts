import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface ServerProcess {
  child: ChildProcess;
  /** Where it listens, as it announced it. */
  base: string;
  /** Everything it has written so far, stdout and stderr. */
  output(): string;
}

/**
 * The real server as `npm start` runs it (channels/http/main.ts), on any free port (PORT=0) and with info
 * logs, so that it says where it listens; resolves once it answers there. `env` comes on top of this
 * process's. `detached` puts it in a process group of its own (for tests that SIGKILL the group). If it does
 * not come up, it is stopped and the error carries the tail of its output.
 */
export async function startServerProcess(
  env: Record<string, string>,
  opts: { timeoutMs: number; detached?: boolean },
): Promise<ServerProcess> {
  const child = spawn(resolve('node_modules/.bin/tsx'), ['channels/http/main.ts'], {
    env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.detached ?? false,
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const base = await untilAnnounced(child, { timeoutMs: opts.timeoutMs, output: () => output }).catch(
    (err) => {
      // tsx passes SIGTERM on to the server under it; a group is killed whole.
      if (child.exitCode !== null) throw err;
      if (opts.detached) process.kill(-(child.pid as number), 'SIGKILL');
      else child.kill();
      throw err;
    },
  );
  return { child, base, output: () => output };
}

/**
 * Starts waiting for a server process started with PORT=0 (and LOG_LEVEL info or lower) to say where it
 * listens: channels/http/main.ts logs "MegiLance Copilot is up. API <base>/api/tools …". Then waits until it
 * is ready there. A port picked by the test instead could be taken meanwhile (by another test's server, or as
 * the local port of any outgoing connection: 32768–60999 is this kernel's ephemeral range), and the test
 * would fail to listen or, worse, talk to someone else's server.
 */
async function untilAnnounced(
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
async function untilReady(
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
