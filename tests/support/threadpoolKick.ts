import { stat } from 'node:fs';

/**
 * A test worker once hung for good in CI while importing a module (2026-11-24): one task sat in libuv's
 * thread-pool queue while all four pool threads slept on the pool's condition variable (read with gdb), a lost
 * wake-up of the kind glibc's condvar bug 25847 causes. Posting any new task wakes a thread, which then runs
 * both (one `fs.stat` through the inspector released that worker). So each worker posts a cheap stat once a
 * second: a lost wake-up then costs at most a second instead of the whole run.
 */
const KICK = Symbol.for('megilance.threadpoolKick');
const g = globalThis as { [KICK]?: NodeJS.Timeout };
g[KICK] ??= setInterval(() => stat('.', () => undefined), 1000).unref();
