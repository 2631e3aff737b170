/**
 * Rows written behind the calls that produced them: buffered, then committed together once the window ends
 * or the buffer fills, one commit at a time in order. Read tools use it for what they must record but may not
 * write themselves (audit rows, flag exposures): one transaction per window instead of one per call.
 */
export class WriteBehind<T, W = undefined> {
  private buffer: T[] = [];
  /** What the owner keeps about the open window besides its rows (`newWindow`), handed to `commit` with them. */
  private open: W;
  private timer: NodeJS.Timeout | null = null;
  private inflight: Promise<void> = Promise.resolve();

  constructor(
    /** Commits the rows; a rejection goes to `failed` with them (the rows are not retried). */
    private readonly commit: (rows: T[], window: W) => Promise<void>,
    private readonly failed: (err: unknown, rows: T[]) => void,
    /** How long a row may wait (ms); the owner may change it between flushes. */
    public windowMs: number,
    /** Rows that force a flush before the window ends (a burst must not hold unbounded memory). */
    private readonly maxBuffer: number,
    private readonly newWindow: () => W = () => undefined as W,
  ) {
    this.open = newWindow();
  }

  /** The open window's own record (see `newWindow`): update it as rows are pushed. */
  get window(): W {
    return this.open;
  }

  push(row: T): void {
    this.buffer.push(row);
    if (this.buffer.length >= this.maxBuffer) {
      void this.flush();
      return;
    }
    this.timer ??= setTimeout(() => void this.flush(), this.windowMs);
  }

  /** Rows still waiting for their commit. */
  get pending(): readonly T[] {
    return this.buffer;
  }

  /** Commits what is buffered; resolves once every commit started so far has ended. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const rows = this.buffer;
    const window = this.open;
    if (rows.length > 0) {
      this.buffer = [];
      this.open = this.newWindow();
      this.inflight = this.inflight
        .then(() => this.commit(rows, window))
        .catch((err) => this.failed(err, rows));
    }
    await this.inflight;
  }
}
