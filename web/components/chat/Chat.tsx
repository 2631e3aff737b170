'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Me, streamChat, whoAmI } from '../../lib/api';
import type { HistoryEvent } from '../../lib/events';
import { activityLabel, SUGGESTIONS } from '../../lib/labels';
import { applyEvent, assistantTurn, replay, type Turn, userTurn } from '../../lib/turns';
import { TopBar } from '../TopBar';
import { Composer } from './Composer';
import { type ThreadSummary, Threads } from './Threads';
import { TurnView } from './TurnView';

const newThreadId = () => crypto.randomUUID();

function threadFromUrl(): string | null {
  const t = new URLSearchParams(window.location.search).get('t');
  return t && /^[A-Za-z0-9_-]{1,100}$/.test(t) ? t : null;
}

export function Chat() {
  const [me, setMe] = useState<Me | null>(null);
  const [threads, setThreads] = useState<ThreadSummary[]>([]);
  const [threadId, setThreadId] = useState<string>('');
  const [turns, setTurns] = useState<Turn[]>([]);
  const [streaming, setStreaming] = useState(false);
  const [status, setStatus] = useState('');
  const abort = useRef<AbortController | null>(null);
  const composer = useRef<HTMLTextAreaElement>(null);
  const bottom = useRef<HTMLDivElement>(null);

  const loadThreads = useCallback(async () => {
    const r = await api<{ threads: ThreadSummary[] }>('/api/threads');
    if (r.data) setThreads(r.data.threads);
  }, []);

  const openThread = useCallback(async (id: string, fresh = false) => {
    abort.current?.abort();
    setThreadId(id);
    window.history.replaceState(null, '', `/chat?t=${encodeURIComponent(id)}`);
    if (fresh) {
      setTurns([]);
      return;
    }
    const r = await api<{ events: HistoryEvent[] }>(`/api/threads/${encodeURIComponent(id)}`);
    setTurns(r.data ? replay(r.data.events) : []);
  }, []);

  useEffect(() => {
    void (async () => {
      const who = await whoAmI();
      if (!who) {
        window.location.replace('/?next=/chat');
        return;
      }
      setMe(who);
      const t = threadFromUrl();
      await openThread(t ?? newThreadId(), !t);
      await loadThreads();
    })();
  }, [openThread, loadThreads]);

  // Keep the newest message in view as it streams (runs after every render that changed the turns).
  const turnCount = turns.length;
  const lastItems = turns.at(-1)?.items.length ?? 0;
  useEffect(() => {
    if (turnCount + lastItems > 0) bottom.current?.scrollIntoView({ block: 'end' });
  }, [turnCount, lastItems]);

  async function send(text: string) {
    if (!text.trim() || streaming) return;
    const ctl = new AbortController();
    abort.current = ctl;
    setStreaming(true);
    setTurns((ts) => [...ts, userTurn(text), assistantTurn()]);
    const update = (f: (t: Turn) => Turn) =>
      setTurns((ts) => {
        const last = ts.at(-1);
        return last && last.role === 'assistant' ? [...ts.slice(0, -1), f(last)] : ts;
      });
    try {
      await streamChat(
        threadId,
        text,
        (e) => {
          if (e.type === 'tool_start') setStatus(activityLabel(e.tool, e.input));
          if (e.type === 'confirmation_required') setStatus(`Needs your confirmation: ${e.summary}`);
          if (e.type === 'error') setStatus(e.error.message);
          update((t) => applyEvent(t, e));
        },
        ctl.signal,
      );
    } catch (err) {
      if (!ctl.signal.aborted) {
        update((t) =>
          applyEvent(t, {
            type: 'error',
            error: { code: 'NETWORK', message: `The connection dropped: ${(err as Error).message}` },
          }),
        );
      }
    } finally {
      update((t) => (t.done ? t : applyEvent(t, { type: 'done', turnId: '', tokens: 0 })));
      setStreaming(false);
      setStatus((s) => (s.startsWith('Needs your confirmation') ? s : 'Answer complete.'));
      composer.current?.focus();
      void loadThreads();
    }
  }

  async function signOut() {
    await api('/api/auth/logout', {});
    window.location.replace('/');
  }

  return (
    <>
      <TopBar me={me} onSignOut={signOut} />
      <div className="chat">
        <Threads
          threads={threads}
          current={threadId}
          onOpen={(id) => void openThread(id)}
          onNew={() => {
            void openThread(newThreadId(), true);
            composer.current?.focus();
          }}
        />
        <main id="main" className="conversation">
          <h1 className="sr-only">Chat with the copilot</h1>
          <section className="messages" aria-label="Conversation">
            {turns.length === 0 && me ? (
              <div className="panel">
                <h2>What can I do for you, {me.displayName.split(' ')[0]}?</h2>
                <p className="muted">
                  You are signed in as a <strong>{me.role}</strong>. Try one of these:
                </p>
                <div className="suggestions">
                  {SUGGESTIONS[me.role].map((s) => (
                    <button key={s} type="button" onClick={() => void send(s)}>
                      {s}
                    </button>
                  ))}
                </div>
              </div>
            ) : null}
            {turns.map((t, i) => (
              <TurnView key={t.id} turn={t} live={streaming && i === turns.length - 1} />
            ))}
            <div ref={bottom} />
          </section>
          <p className="sr-only" role="status" aria-live="polite" data-testid="chat-status">
            {status}
          </p>
          <Composer ref={composer} busy={streaming} onSend={send} onStop={() => abort.current?.abort()} />
        </main>
      </div>
    </>
  );
}
