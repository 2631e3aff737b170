import type { FastifyInstance, FastifyReply, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';

export interface AdmissionOptions {
  /** Most tool calls running at once on this node; 0 turns admission off. */
  limit: number;
  /** Whether the tool behind `POST /api/tools/<name>` only reads. Confirms and cancels always write. */
  isRead: (tool: string) => boolean;
  /**
   * Reads ahead of writes (default true). Off on a libSQL server: there a write's transaction holds the
   * server's only write lock across one event-loop turn per statement, so reads that keep every turn busy
   * stretched each transaction to seconds and other nodes' writes timed out (bench:load on the cluster:
   * 5 writes in 60 s against 1,055 in arrival order). Off, every call waits its turn in arrival order.
   */
  readsFirst?: boolean;
  /** Writes let in per event-loop turn at most (default: half of `limit`, at least 1). */
  writesPerTurn?: number;
}

/**
 * At most `limit` tool calls (`POST /api/tools/*`, `/api/actions/*`) run at once on this node; the rest wait
 * before any work is done for them. Past a few dozen calls in flight a node gets no faster, only every await
 * inside every call waits longer for the event loop. That lag is worst for a write on a libSQL server: its
 * transaction is one round trip per statement and holds the server's only write lock throughout, so under
 * 200 connections a lock was held for seconds and other nodes' writers timed out.
 *
 * On the embedded file reads go first and writes run in slices (see Gate). There a call runs start to
 * finish without yielding to the event loop, so every request that arrived during one turn was served in
 * that turn and everyone waited for the whole turn: reads (140 of the 200 bench connections) waited on the
 * turn's writes and p95 read latency was the turn's length, 400–700 ms. A waiting call costs a queued
 * callback.
 */
export const admission = fp(
  async (app: FastifyInstance, opts: AdmissionOptions) => {
    if (opts.limit <= 0) return;
    const gate = new Gate(opts.limit, opts.writesPerTurn);
    // Without priority every call is a read to the gate: one queue in arrival order, `limit` at once.
    const readsFirst = opts.readsFirst ?? true;
    const kindOf = (url: string): Kind | undefined => {
      if (url.startsWith('/api/tools/'))
        return !readsFirst || opts.isRead(url.slice('/api/tools/'.length)) ? 'read' : 'write';
      if (url.startsWith('/api/actions/')) return readsFirst ? 'write' : 'read';
      return undefined;
    };
    // Static POST routes by path, so a call to one is classified without building `req.routeOptions` (an
    // object of ten fields per access). A query string or a parametric route takes the general path below.
    const staticKinds = new Map<string, Kind | null>();
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (methods.includes('POST') && !route.url.includes(':') && !route.url.includes('*'))
        staticKinds.set(route.url, kindOf(route.url) ?? null);
    });
    // The listeners are shared, not made per request: a response emits 'close' once, however it ends.
    const leaveRead = () => gate.leave('read');
    const leaveWrite = () => gate.leave('write');
    const admitted = (reply: FastifyReply, kind: Kind, done: HookHandlerDoneFunction) => {
      // Released once whichever way the exchange ends: answered, failed or abandoned by the client.
      if (reply.raw.destroyed) return gate.leave(kind); // the client gave up while it waited: nothing to do
      reply.raw.on('close', kind === 'read' ? leaveRead : leaveWrite);
      done();
    };
    app.addHook('onRequest', (req, reply, done) => {
      if (req.method !== 'POST') return done();
      let kind = staticKinds.get(req.url);
      if (kind === undefined) {
        const url = req.routeOptions.url;
        kind = url ? kindOf(url) : undefined;
      }
      if (!kind) return done();
      if (gate.tryEnter(kind)) return admitted(reply, kind, done);
      const k = kind;
      gate.enter(k, () => admitted(reply, k, done));
    });
  },
  { name: 'megilance-admission' },
);

export type Kind = 'read' | 'write';

/** A first-in, first-out queue of callbacks that reuses its array. */
class Fifo {
  private items: (() => void)[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(fn: () => void): void {
    this.items.push(fn);
  }

  shift(): (() => void) | undefined {
    const fn = this.items[this.head];
    if (fn === undefined) return undefined;
    this.items[this.head++] = undefined as unknown as () => void;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
    return fn;
  }
}

/**
 * A counting gate, reads before writes: never more than `limit` inside, each kind in arrival order, and
 * `writesPerTurn` (w) places each kind can always get, so neither starves the other.
 * - A read goes in at once while there is room; while writes wait, it leaves them w places.
 * - Writes go in only at the end of an event-loop turn (setImmediate), at most w a turn and at most
 *   `limit - w` at once, so one turn's writes cannot make that turn's reads wait long. While writes wait, a
 *   turn follows every turn that let some in and every call that leaves, so under any stream of reads the
 *   n-th waiting write is in within about n / w turns once the writes ahead of it are done.
 */
export class Gate {
  private readsIn = 0;
  private writesIn = 0;
  private readonly reads = new Fifo();
  private readonly writes = new Fifo();
  private turnPending = false;
  readonly writesPerTurn: number;

  constructor(
    readonly limit: number,
    writesPerTurn = Math.floor(limit / 2),
    private readonly defer: (fn: () => void) => void = setImmediate,
  ) {
    this.writesPerTurn = Math.min(Math.max(1, writesPerTurn), Math.max(1, limit - 1));
  }

  get running(): number {
    return this.readsIn + this.writesIn;
  }

  get queued(): number {
    return this.reads.size + this.writes.size;
  }

  /** Runs `admitted` when its place is free: see the class comment for the order. */
  enter(kind: Kind, admitted: () => void): void {
    if (kind === 'read') {
      this.reads.push(admitted);
      this.admitReads();
      return;
    }
    this.writes.push(admitted);
    this.scheduleTurn();
  }

  /**
   * Takes a place at once when `enter` would have run the call right away (a read, nothing queued ahead,
   * room), without queueing a callback; false otherwise, and then the caller must `enter`.
   */
  tryEnter(kind: Kind): boolean {
    if (kind !== 'read' || this.reads.size > 0 || this.running >= this.limit) return false;
    if (this.readsIn >= (this.writes.size > 0 ? Math.max(1, this.limit - this.writesPerTurn) : this.limit))
      return false;
    this.readsIn++;
    return true;
  }

  /** Called once for every admitted call when it is done, whatever its kind. */
  leave(kind: Kind): void {
    if (kind === 'read') this.readsIn--;
    else this.writesIn--;
    if (this.writes.size > 0) this.scheduleTurn();
    this.admitReads();
  }

  private admitReads(): void {
    const most = this.writes.size > 0 ? Math.max(1, this.limit - this.writesPerTurn) : this.limit;
    while (this.reads.size > 0 && this.running < this.limit && this.readsIn < most) {
      this.readsIn++;
      (this.reads.shift() as () => void)();
    }
  }

  private scheduleTurn(): void {
    if (this.turnPending) return;
    this.turnPending = true;
    this.defer(() => this.turn());
  }

  private turn(): void {
    this.turnPending = false;
    let n = 0;
    const most = Math.max(1, this.limit - this.writesPerTurn);
    while (
      n < this.writesPerTurn &&
      this.writes.size > 0 &&
      this.running < this.limit &&
      this.writesIn < most
    ) {
      n++;
      this.writesIn++;
      (this.writes.shift() as () => void)();
    }
    // With no place free the next leave() schedules the turn: no turn spins while every place is taken.
    if (n > 0 && this.writes.size > 0) this.scheduleTurn();
    // No write waits any more: reads may take the places that were kept for writes.
    if (this.writes.size === 0) this.admitReads();
  }
}
