import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { newId } from '../../../db/ids';
import { run } from '../../../db/sql';
import type { Runtime } from '../../../runtime';
import type { Role } from '../../../tools/define';

/** Same-origin for app.inject: its Host header is "localhost:80". */
export const SAME_ORIGIN = { origin: 'http://localhost:80' };

/** A user as the seed makes them: a handle, no API key (demo-* handles can sign in with one click). */
export async function insertUser(rt: Runtime, role: Role, handle: string | null = null): Promise<string> {
  const id = newId('usr');
  await rt.db.write((tx) =>
    run(
      tx,
      'INSERT INTO users (id, role, email, handle, display_name, country, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [
        id,
        role,
        `${handle ?? id}@example.test`,
        handle,
        `${handle ?? role} person`,
        'US',
        '2026-01-01T00:00:00Z',
      ],
    ),
  );
  return id;
}

/** The cookies a response sets, by name, with their attributes. */
export function setCookies(res: LightMyRequestResponse): Map<string, { value: string; attrs: string }> {
  const raw = res.headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const out = new Map<string, { value: string; attrs: string }>();
  for (const c of list) {
    const [pair = '', ...attrs] = c.split(';');
    const eq = pair.indexOf('=');
    out.set(pair.slice(0, eq).trim(), {
      value: decodeURIComponent(pair.slice(eq + 1)),
      attrs: attrs.join(';'),
    });
  }
  return out;
}

/** A browser: keeps the cookies the server sets and sends them back (Path ignored: tests call both paths). */
export class Browser {
  readonly jar = new Map<string, string>();
  constructor(
    private readonly app: FastifyInstance,
    private readonly origin: Record<string, string> = SAME_ORIGIN,
  ) {}

  get cookie(): string {
    return [...this.jar].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
  }

  async request(
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) {
    const res = await this.app.inject({
      method,
      url,
      headers: { ...(this.jar.size ? { cookie: this.cookie } : {}), ...this.origin, ...headers },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
    for (const [name, c] of setCookies(res)) {
      if (c.value === '' || /Max-Age=0\b/.test(c.attrs)) this.jar.delete(name);
      else this.jar.set(name, c.value);
    }
    return res;
  }

  post(url: string, payload: unknown = {}, headers: Record<string, string> = {}) {
    return this.request('POST', url, payload, headers);
  }
  get(url: string, headers: Record<string, string> = {}) {
    return this.request('GET', url, undefined, headers);
  }
}

export interface SseEvent {
  event: string;
  data: Record<string, unknown> & { type: string };
}

/** Parses a text/event-stream body into its messages (comments like ": ping" are skipped). */
export function parseSse(body: string): SseEvent[] {
  const out: SseEvent[] = [];
  for (const block of body.split('\n\n')) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length) out.push({ event, data: JSON.parse(data.join('\n')) });
  }
  return out;
}
