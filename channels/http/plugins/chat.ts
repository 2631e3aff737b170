import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Copilot } from '../../../agents/copilot';
import type { CopilotEvent } from '../../../agents/events';
import { threadEvents } from '../../../agents/history';
import { listUserThreads, threadTakenByOther } from '../../../db/queries/webThreads';
import type { Runtime } from '../../../runtime';
import type { Actor } from '../../../tools/define';
import { refuse, sendError } from '../errors';
import type { WebRateLimits } from '../limits/index';

export interface ChatRoutesOptions {
  rt: Runtime;
  copilot: Copilot;
  limits: WebRateLimits;
  /** A comment line this often keeps proxies from closing a quiet stream (default 15 s). */
  pingMs?: number;
}

/** Web chats are copilot threads on the "web" channel; the id is the browser's own (a UUID, say). */
export const WEB_CHANNEL = 'web';
const THREAD_ID = /^[A-Za-z0-9_-]{1,100}$/;
const MAX_TEXT = 20_000;
const HISTORY_LIMIT = 1_000;

/**
 * The web chat: `POST /api/chat/:threadId` streams one copilot turn as Server-Sent Events (one message per
 * event, `event: <type>` + `data: <the event as JSON>`, ending with `done`), and `/api/threads` lists and
 * replays the signed-in person's chats as the same events.
 */
export async function chatRoutes(app: FastifyInstance, opts: ChatRoutesOptions) {
  const { rt, copilot, limits } = opts;
  const pingMs = opts.pingMs ?? 15_000;
  const threadParams = {
    type: 'object',
    properties: { id: { type: 'string' } },
    required: ['id'],
  };

  app.get(
    '/api/threads',
    { schema: { tags: ['web'], summary: 'Your web chats, newest first' } },
    async (req, reply) => {
      const actor = signedIn(req, reply);
      if (!actor) return reply;
      const rows = await listUserThreads(rt.db.reader, actor.id, WEB_CHANNEL, 200);
      return reply.header('cache-control', 'no-store').send({
        threads: rows.map((r) => ({
          id: r.id,
          title: titleOf(r.title),
          updatedAt: r.updated_at,
          channel: r.channel,
        })),
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/threads/:id',
    {
      schema: {
        tags: ['web'],
        summary: 'One of your chats, replayed as stream events',
        params: threadParams,
      },
    },
    async (req, reply) => {
      const actor = signedIn(req, reply);
      if (!actor) return reply;
      const thread = THREAD_ID.test(req.params.id)
        ? await copilot.memory.find(actor, WEB_CHANNEL, req.params.id)
        : undefined;
      if (!thread) return sendError(reply, { code: 'NOT_FOUND', message: `No chat ${req.params.id}.` });
      const rows = await copilot.memory.rows(thread.id, HISTORY_LIMIT);
      const events = await threadEvents(rows, (id) =>
        rt.dispatcher.pending.load(rt.db.reader, id).catch(() => undefined),
      );
      const first = events.find((e) => e.type === 'user');
      return reply.header('cache-control', 'no-store').send({
        id: req.params.id,
        title: titleOf(first?.type === 'user' ? first.text : null),
        events,
      });
    },
  );

  app.post<{ Params: { id: string }; Body: { text?: unknown } }>(
    '/api/chat/:id',
    {
      schema: {
        tags: ['web'],
        summary: 'Send a message; the answer streams back as Server-Sent Events',
        params: threadParams,
      },
    },
    async (req, reply) => {
      const actor = signedIn(req, reply);
      if (!actor) return reply;
      const threadId = req.params.id;
      const text = req.body?.text;
      if (!THREAD_ID.test(threadId))
        return sendError(reply, {
          code: 'VALIDATION',
          message: 'A thread id is 1 to 100 letters, digits, "-" or "_".',
          fields: [{ field: 'threadId', message: 'invalid' }],
        });
      if (typeof text !== 'string' || !text.trim() || text.length > MAX_TEXT)
        return sendError(reply, {
          code: 'VALIDATION',
          message: `Write a message of 1 to ${MAX_TEXT} characters.`,
          fields: [{ field: 'text', message: 'required, at most 20000 characters' }],
        });
      // Thread ids are chosen by browsers: another person's id is not found, never joined.
      if (await threadTakenByOther(rt.db.reader, WEB_CHANNEL, threadId, actor.id))
        return sendError(reply, { code: 'NOT_FOUND', message: `No chat ${threadId}.` });
      try {
        // The copilot's own caps (turns a minute on every channel, tokens a day) answer 429 here too, not
        // as an error inside a 200 stream; only then is this message counted against the web cap.
        await copilot.limiter.checkTurn(actor.id);
        await limits.take(actor.id, 'messages');
      } catch (err) {
        return refuse(reply, err);
      }
      await streamTurn(req, reply, copilot.runTurn.bind(copilot), { actor, threadId, text, pingMs });
      return reply;
    },
  );
}

/**
 * Writes the turn's events as SSE straight to the socket (Fastify steps aside), one write per event so each
 * reaches the browser as it happens. A closed connection aborts the turn; what already ran stays recorded.
 */
async function streamTurn(
  req: FastifyRequest,
  reply: FastifyReply,
  runTurn: Copilot['runTurn'],
  t: { actor: Actor; threadId: string; text: string; pingMs: number },
): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  const abort = new AbortController();
  let finished = false;
  let ping: NodeJS.Timeout | undefined;
  const write = (chunk: string) => {
    if (!res.destroyed && !res.writableEnded) res.write(chunk);
  };
  const send = (e: CopilotEvent) => write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
  // Once hijacked, nothing answers for us: every path below must end the response.
  try {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx and similar proxies buffer responses unless told not to.
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    // Each event goes out in its own packet at once (app.inject's fake socket has no such option).
    const socket = req.raw.socket as { setNoDelay?: (on: boolean) => void } | undefined;
    socket?.setNoDelay?.(true);
    res.on('close', () => {
      if (!finished) abort.abort();
    });
    ping = setInterval(() => write(': ping\n\n'), t.pingMs);
    for await (const e of runTurn({
      actor: t.actor,
      channel: WEB_CHANNEL,
      threadId: t.threadId,
      text: t.text,
      signal: abort.signal,
    })) {
      send(e);
    }
  } catch (err) {
    req.log.error({ err }, 'chat turn failed');
    send({ type: 'error', error: { code: 'INTERNAL', message: 'Something went wrong on our side.' } });
    send({ type: 'done', turnId: '', tokens: 0 });
  } finally {
    finished = true;
    clearInterval(ping);
    if (!res.writableEnded) res.end();
  }
}

function signedIn(req: FastifyRequest, reply: FastifyReply): Actor | null {
  if (req.actor) return req.actor;
  sendError(reply, {
    code: req.authError?.code ?? 'UNAUTHENTICATED',
    message: req.authError?.message ?? 'Sign in first.',
    ...(req.authError?.details ? { details: req.authError.details } : {}),
  });
  return null;
}

function titleOf(first: string | null | undefined): string {
  const line = (first ?? '').replace(/\s+/g, ' ').trim();
  if (!line) return 'New chat';
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}
