import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export const APP_ID = '100000000000000001';
export const BOT_ID = '100000000000000002';
export const GUILD_ID = '100000000000000003';
export const CHANNEL_ID = '100000000000000004';
export const DM_CHANNEL_ID = '100000000000000005';

export interface RestCall {
  method: string;
  /** Without the /api/v10 prefix, e.g. "/channels/123/messages". */
  path: string;
  query: string;
  // biome-ignore lint/suspicious/noExplicitAny: JSON as sent by discord.js
  body: any;
}

// biome-ignore lint/suspicious/noExplicitAny: Discord API objects as plain JSON
type Json = Record<string, any>;

export const botUser = {
  id: BOT_ID,
  username: 'megilance',
  discriminator: '0',
  global_name: 'MegiLance',
  avatar: null,
  bot: true,
};

export const discordUser = (id: string, name: string) => ({
  id,
  username: name.toLowerCase().replace(/\s+/g, '.'),
  discriminator: '0',
  global_name: name,
  avatar: null,
});

/**
 * A local Discord: the REST API under /api/v10 (records every call, answers with messages as Discord would)
 * and the gateway WebSocket that `GET /gateway/bot` points to (HELLO, IDENTIFY → READY + GUILD_CREATE,
 * heartbeats ACKed, and any dispatch the test sends).
 */
export class FakeDiscord {
  readonly calls: RestCall[] = [];
  /** Gateway payloads received from the bot (IDENTIFY, heartbeats…). */
  readonly received: Json[] = [];
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private readonly sockets = new Set<WebSocket>();
  private readonly messages = new Map<string, Json>();
  /** Interaction token → channel, so webhook edits of the reply land in the right channel. */
  private readonly tokens = new Map<string, string>();
  private seq = 0;
  private ids = 200000000000000000n;
  apiUrl = '';
  gatewayUrl = '';

  constructor(readonly token: string) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.rest(req, res));
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (ws) => this.connection(ws));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.apiUrl = `http://127.0.0.1:${port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  nextId(): string {
    this.ids += 1n;
    return this.ids.toString();
  }

  of(method: string, path: RegExp): RestCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  clear(): void {
    this.calls.length = 0;
  }

  /** A gateway dispatch (op 0) to every connected bot. */
  dispatch(t: string, d: Json): void {
    const payload = JSON.stringify({ op: 0, t, s: ++this.seq, d });
    for (const ws of this.sockets) ws.send(payload);
  }

  get connections(): number {
    return this.sockets.size;
  }

  /** A message someone wrote: in the guild channel (mentioning the bot when asked) or in a DM. */
  userMessage(opts: { author: Json; content: string; dm?: boolean; mentionBot?: boolean }): Json {
    const msg = {
      id: this.nextId(),
      channel_id: opts.dm ? DM_CHANNEL_ID : CHANNEL_ID,
      ...(opts.dm ? { channel_type: 1 } : { guild_id: GUILD_ID, channel_type: 0, member: member() }),
      author: opts.author,
      content: opts.content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: opts.mentionBot ? [botUser] : [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: 0,
      flags: 0,
    };
    this.dispatch('MESSAGE_CREATE', msg);
    return msg;
  }

  /** An interaction in the guild channel; `data` is the command or component data. */
  interaction(opts: { user: Json; type: 2 | 3; data: Json; message?: Json }): { id: string; token: string } {
    const id = this.nextId();
    const token = `tok-${id}`;
    this.tokens.set(token, CHANNEL_ID);
    this.dispatch('INTERACTION_CREATE', {
      id,
      application_id: APP_ID,
      type: opts.type,
      token,
      version: 1,
      guild_id: GUILD_ID,
      channel_id: CHANNEL_ID,
      channel: { id: CHANNEL_ID, type: 0, guild_id: GUILD_ID, name: 'general' },
      member: { ...member(), user: opts.user, permissions: '0' },
      app_permissions: '0',
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': GUILD_ID },
      context: 0,
      attachment_size_limit: 8_388_608,
      data: opts.data,
      ...(opts.message ? { message: opts.message } : {}),
    });
    return { id, token };
  }

  /** The message as the fake stores it (after every edit). */
  message(id: string): Json | undefined {
    return this.messages.get(id);
  }

  private connection(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
    ws.on('message', (raw) => {
      const p = JSON.parse(String(raw)) as Json;
      this.received.push(p);
      if (p.op === 1) ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      if (p.op === 2) {
        if (p.d?.token !== this.token) return ws.close(4004, 'Authentication failed.');
        this.dispatch('READY', {
          v: 10,
          user: botUser,
          guilds: [{ id: GUILD_ID, unavailable: true }],
          session_id: 'session-1',
          resume_gateway_url: this.gatewayUrl,
          shard: [0, 1],
          application: { id: APP_ID, flags: 0 },
        });
        this.dispatch('GUILD_CREATE', guild());
      }
    });
  }

  private async rest(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const method = req.method ?? 'GET';
    const body = raw && (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(raw) : raw;
    this.calls.push({ method, path, query: url.search, body });
    const send = (status: number, json?: unknown) => {
      if (json === undefined) {
        res.writeHead(status);
        res.end();
        return;
      }
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    // Interaction callbacks and webhooks authenticate by their token in the path, everything else by the bot token.
    const botAuth = !/^\/(interactions|webhooks)\//.test(path);
    if (botAuth && req.headers.authorization !== `Bot ${this.token}`)
      return send(401, { message: '401: Unauthorized', code: 0 });
    const route = `${method} ${path}`;
    const match = (re: RegExp) => re.exec(route)?.slice(1) ?? null;
    let m: string[] | null;
    if (route === 'GET /gateway/bot')
      return send(200, {
        url: this.gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      });
    m = match(/^PUT \/applications\/(\d+)\/commands$/);
    if (m) {
      const applicationId = m[0];
      const commands = (body as Json[]).map((c) => ({
        ...c,
        id: this.nextId(),
        application_id: applicationId,
      }));
      return send(200, commands);
    }
    if (match(/^POST \/channels\/\d+\/typing$/)) return send(204);
    m = match(/^POST \/channels\/(\d+)\/messages$/);
    if (m) return send(200, this.store(m[0]!, this.nextId(), body as Json));
    m = match(/^PATCH \/channels\/(\d+)\/messages\/(\d+)$/);
    if (m) return send(200, this.store(m[0]!, m[1]!, body as Json));
    if (match(/^POST \/interactions\/\d+\/[^/]+\/callback$/)) return send(204);
    m = match(/^PATCH \/webhooks\/\d+\/([^/]+)\/messages\/(@original|\d+)$/);
    if (m)
      return send(200, this.store(this.tokens.get(m[0]!) ?? CHANNEL_ID, `${m[0]}:${m[1]}`, body as Json));
    m = match(/^POST \/webhooks\/\d+\/([^/]+)$/);
    if (m) return send(200, this.store(this.tokens.get(m[0]!) ?? CHANNEL_ID, this.nextId(), body as Json));
    return send(404, { message: `Unknown route ${method} ${path}`, code: 0 });
  }

  /** Creates or edits a message the bot sent, answering with the whole message object. */
  private store(channelId: string, id: string, body: Json): Json {
    const prev = this.messages.get(id);
    const msg = {
      id: /^\d+$/.test(id) ? id : (prev?.id ?? this.nextId()),
      channel_id: channelId,
      author: botUser,
      content: '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: 0,
      flags: 0,
      ...prev,
      ...Object.fromEntries(
        Object.entries(body).filter(([k]) => ['content', 'embeds', 'components', 'flags'].includes(k)),
      ),
      ...(prev ? { edited_timestamp: new Date().toISOString() } : {}),
    };
    this.messages.set(id, msg);
    return msg;
  }
}

function member() {
  return {
    roles: [],
    joined_at: '2026-01-01T00:00:00.000Z',
    deaf: false,
    mute: false,
    flags: 0,
    nick: null,
    avatar: null,
    premium_since: null,
    pending: false,
  };
}

function guild() {
  return {
    id: GUILD_ID,
    name: 'Test Guild',
    icon: null,
    owner_id: '100000000000000099',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [
      {
        id: GUILD_ID,
        name: '@everyone',
        permissions: '0',
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    emojis: [],
    features: [],
    mfa_level: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    stickers: [],
    premium_progress_bar_enabled: false,
    joined_at: '2026-01-01T00:00:00.000Z',
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [],
    channels: [
      {
        id: CHANNEL_ID,
        type: 0,
        guild_id: GUILD_ID,
        name: 'general',
        position: 0,
        permission_overwrites: [],
        nsfw: false,
        parent_id: null,
        topic: null,
        last_message_id: null,
        rate_limit_per_user: 0,
      },
    ],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
