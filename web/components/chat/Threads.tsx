'use client';

export interface ThreadSummary {
  id: string;
  title: string;
  updatedAt: string;
  channel: string;
}

export function Threads(props: {
  threads: ThreadSummary[];
  current: string;
  onOpen: (id: string) => void;
  onNew: () => void;
}) {
  return (
    <nav className="threads" aria-label="Conversations">
      <button type="button" className="primary" onClick={props.onNew}>
        New chat
      </button>
      <ul>
        {props.threads.map((t) => (
          <li key={t.id}>
            <a
              href={`/chat?t=${encodeURIComponent(t.id)}`}
              aria-current={t.id === props.current ? 'page' : undefined}
              title={t.title}
              onClick={(e) => {
                e.preventDefault();
                props.onOpen(t.id);
              }}
            >
              {t.title}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
