import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * At most `limit` tool calls (`POST /api/tools/*`, `/api/actions/*`) run at once on this node; the rest wait
 * their turn in arrival order before any work is done for them. Past a few dozen calls in flight a node gets
 * no faster, only every await inside every call waits longer for the event loop. That lag is worst for a
 * write on a libSQL server: its transaction is one round trip per statement and holds the server's only write
 * lock throughout, so under 200 connections a lock was held for seconds and other nodes' writers timed out.
 * A waiting call costs a queued callback. `limit` 0 turns admission off.
 */
export const admission = fp(
  async (app: FastifyInstance, opts: { limit: number }) => {
    if (opts.limit <= 0) return;
    const gate = new Gate(opts.limit);
    app.addHook('onRequest', (req, reply, done) => {
      const url = req.routeOptions.url;
      if (req.method !== 'POST' || !(url?.startsWith('/api/tools/') || url?.startsWith('/api/actions/')))
        return done();
      gate.enter(() => {
        // Released once whichever way the exchange ends: answered, failed or abandoned by the client.
        let left = false;
        const leave = () => {
          if (left) return;
          left = true;
          gate.leave();
        };
        if (reply.raw.destroyed) return leave(); // the client gave up while it waited: nothing to do
        reply.raw.once('close', leave);
        done();
      });
    });
  },
  { name: 'megilance-admission' },
);

/** A counting gate with a FIFO of waiters. */
export class Gate {
  private inside = 0;
  private readonly waiting: (() => void)[] = [];
  private head = 0;

  constructor(readonly limit: number) {}

  get running(): number {
    return this.inside;
  }

  get queued(): number {
    return this.waiting.length - this.head;
  }

  /** Runs `admitted` now if there is room, else when a place frees up, in arrival order. */
  enter(admitted: () => void): void {
    if (this.inside < this.limit) {
      this.inside++;
      admitted();
      return;
    }
    this.waiting.push(admitted);
  }

  leave(): void {
    const next = this.waiting[this.head];
    if (next === undefined) {
      this.inside--;
      return;
    }
    this.waiting[this.head++] = undefined as unknown as () => void;
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
    next(); // the place passes straight to the next waiter
  }
}
