import type { CopilotEvent, ErrorBody } from './events';

export type Role = 'client' | 'freelancer' | 'admin';
export interface Me {
  id: string;
  handle: string | null;
  role: Role;
  displayName: string;
}

export interface ApiResult<T> {
  status: number;
  data?: T;
  error?: ErrorBody;
  /** 202: the call is held until the person confirms. */
  pending?: {
    code: string;
    message: string;
    pendingAction: { id: string; summary: string; expiresAt: string };
  };
}

let refreshing: Promise<boolean> | null = null;

/** One refresh at a time, however many requests found the session expired together. */
function refreshSession(): Promise<boolean> {
  refreshing ??= fetch('/api/auth/refresh', { method: 'POST', credentials: 'same-origin' })
    .then((r) => r.ok)
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/** fetch with the session cookie; an expired session is refreshed once and the request retried. */
export async function authedFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const go = () => fetch(path, { credentials: 'same-origin', ...init });
  const res = await go();
  if (res.status !== 401 || path.startsWith('/api/auth/')) return res;
  return (await refreshSession()) ? go() : res;
}

export async function api<T>(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') {
  const res = await authedFetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  const out: ApiResult<T> = { status: res.status };
  if (res.status === 202) out.pending = json as NonNullable<ApiResult<T>['pending']>;
  else if (res.ok) out.data = json as T;
  else
    out.error = (json.error as ErrorBody | undefined) ?? {
      code: 'INTERNAL',
      message: `The server answered ${res.status}.`,
    };
  return out;
}

/** Calls one tool as the signed-in person (the same dispatcher the copilot uses). */
export const callTool = <T>(name: string, input: unknown = {}) => api<T>(`/api/tools/${name}`, input);

export async function whoAmI(): Promise<Me | null> {
  const r = await api<{ user: Me }>('/api/auth/me');
  return r.data?.user ?? null;
}

/**
 * POSTs a message and hands each Server-Sent Event to `onEvent` as it arrives. EventSource cannot POST,
 * so the stream is read and split by hand: events are separated by a blank line, each with `event:` and
 * `data:` lines.
 */
export async function streamChat(
  threadId: string,
  text: string,
  onEvent: (e: CopilotEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  const res = await authedFetch(`/api/chat/${encodeURIComponent(threadId)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ text }),
    signal: signal ?? null,
  });
  if (!res.ok || !res.body) {
    const json = (await res.json().catch(() => ({}))) as { error?: ErrorBody };
    const retry = res.headers.get('retry-after');
    onEvent({
      type: 'error',
      error: json.error ?? {
        code: res.status === 429 ? 'RATE_LIMITED' : 'INTERNAL',
        message:
          res.status === 429
            ? `Too many messages; try again in ${retry ?? 'a few'} seconds.`
            : `The server answered ${res.status}.`,
      },
    });
    onEvent({ type: 'done', turnId: '', tokens: 0 });
    return;
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += value;
    for (let end = buf.indexOf('\n\n'); end >= 0; end = buf.indexOf('\n\n')) {
      const block = buf.slice(0, end);
      buf = buf.slice(end + 2);
      const lines = block.split('\n');
      const name = lines
        .find((l) => l.startsWith('event:'))
        ?.slice(6)
        .trim();
      const data = lines
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).replace(/^ /, ''))
        .join('\n');
      if (!data) continue; // a comment or keep-alive
      try {
        const event = JSON.parse(data) as Record<string, unknown>;
        // The event name is also the type; trust the `event:` line when the data leaves it out.
        onEvent((name && !event.type ? { ...event, type: name } : event) as CopilotEvent);
      } catch {
        // A malformed event is skipped; the turn still ends with `done`.
      }
    }
  }
}
