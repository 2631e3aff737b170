import { randomBytes } from 'node:crypto';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/** One Streamable HTTP session: bound, for its whole life, to the user whose API key opened it. */
export interface McpSession {
  id: string;
  actorId: string;
  keyId: string;
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  lastSeen: number;
}

/** 256 random bits, URL-safe: a session id cannot be guessed, and is useless with another user's key. */
export const newSessionId = () => randomBytes(32).toString('base64url');

/**
 * Live MCP sessions of this process, in memory (a session holds an open transport and its server, which
 * cannot outlive the process anyway). Idle sessions are closed; each user keeps at most `perUser`, the
 * least recently used going first.
 */
export class McpSessions {
  private readonly byId = new Map<string, McpSession>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: { idleMs: number; perUser: number; now?: () => number }) {}

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  get size(): number {
    return this.byId.size;
  }

  add(session: Omit<McpSession, 'lastSeen'>): void {
    const mine = [...this.byId.values()]
      .filter((s) => s.actorId === session.actorId)
      .sort((a, b) => a.lastSeen - b.lastSeen);
    for (const old of mine.slice(0, Math.max(0, mine.length - this.opts.perUser + 1)))
      void this.close(old.id);
    this.byId.set(session.id, { ...session, lastSeen: this.now() });
  }

  /**
   * The session, only for the user who opened it. For anyone else the answer is the same as for an id
   * that never existed, so a presented id reveals nothing about whose it is.
   */
  get(id: string, actorId: string): McpSession | undefined {
    const s = this.byId.get(id);
    if (!s || s.actorId !== actorId) return undefined;
    s.lastSeen = this.now();
    return s;
  }

  /** Forgets a session whose transport closed (DELETE, or the server shutting it). */
  forget(id: string | undefined): void {
    if (id) this.byId.delete(id);
  }

  async close(id: string): Promise<void> {
    const s = this.byId.get(id);
    if (!s) return;
    this.byId.delete(id);
    await s.server.close().catch(() => undefined);
  }

  /** Closes sessions nobody used for `idleMs`. */
  async sweep(): Promise<number> {
    const cutoff = this.now() - this.opts.idleMs;
    const idle = [...this.byId.values()].filter((s) => s.lastSeen < cutoff);
    await Promise.all(idle.map((s) => this.close(s.id)));
    return idle.length;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.sweep(), Math.min(this.opts.idleMs, 60_000));
    this.timer.unref();
  }

  async closeAll(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all([...this.byId.keys()].map((id) => this.close(id)));
  }
}
