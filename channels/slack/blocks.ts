import type { ConfirmationRequiredEvent } from '../../agents/events';

/** A Block Kit block, as plain JSON (the Web API takes JSON). */
// biome-ignore lint/suspicious/noExplicitAny: Block Kit is open-ended JSON
export type Block = { type: string; block_id?: string; [key: string]: any };

export const CONFIRM_ACTION = 'megilance_confirm';
export const CANCEL_ACTION = 'megilance_cancel';
const SECTION_MAX = 2900;

/** What a Confirm/Cancel button carries: the pending action, who asked, and the copilot thread. */
export interface ButtonValue {
  a: string;
  u: string;
  th: string;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/** Escapes text for mrkdwn (&, <, > are control characters in Slack). */
export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The answer text as section blocks (each under Slack's 3000-character limit). */
export function textBlocks(text: string): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < text.length && out.length < 20; i += SECTION_MAX) {
    out.push({ type: 'section', text: { type: 'mrkdwn', text: text.slice(i, i + SECTION_MAX) } });
  }
  return out;
}

/** A pending action: its summary and Confirm / Cancel buttons only the requester may press. */
export function pendingActionBlocks(
  e: ConfirmationRequiredEvent,
  requester: string,
  threadId: string,
): Block[] {
  const value = JSON.stringify({ a: e.actionId, u: requester, th: threadId } satisfies ButtonValue);
  return [
    {
      type: 'section',
      block_id: `pending:${e.actionId}`,
      text: {
        type: 'mrkdwn',
        text: `:hourglass: *Waiting for your confirmation* (${esc(e.tool)})\n${esc(e.summary)}`,
      },
    },
    {
      type: 'actions',
      block_id: `actions:${e.actionId}`,
      elements: [
        {
          type: 'button',
          action_id: CONFIRM_ACTION,
          style: 'primary',
          text: { type: 'plain_text', text: 'Confirm' },
          value,
        },
        {
          type: 'button',
          action_id: CANCEL_ACTION,
          style: 'danger',
          text: { type: 'plain_text', text: 'Cancel' },
          value,
        },
      ],
    },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `Only <@${requester}> can press these. Expires ${e.expiresAt}.` }],
    },
  ];
}

/** The message after a press: the buttons of that action replaced by the outcome. */
export function resolvedBlocks(blocks: Block[] | undefined, actionId: string, outcome: string): Block[] {
  const out: Block[] = [];
  for (const b of blocks ?? []) {
    if (b.block_id === `actions:${actionId}`)
      out.push({ type: 'context', elements: [{ type: 'mrkdwn', text: outcome }] });
    else out.push(b);
  }
  return out;
}

/** A code-block table: Slack renders monospace, so columns line up. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) =>
    Math.min(28, Math.max(h.length, ...rows.map((r) => str(r[i]).length))),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) =>
        str(c)
          .slice(0, widths[i])
          .padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return ['```', line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '```'].join('\n');
}

/** Tool results worth showing as blocks (spec, shortlist, fraud table, risk assessment); undefined for the rest. */
export function resultBlocks(tool: string, data: unknown): Block[] | undefined {
  if (!isRec(data)) return undefined;
  if (tool === 'list_risk_alerts' && Array.isArray(data.alerts))
    return fraudTable(data.alerts.filter(isRec), data.total);
  if (tool === 'assess_user') return assessment(data);
  if (tool === 'draft_project_from_brief' || tool === 'improve_job_post') return spec(data);
  const list = data.candidates ?? data.matches ?? data.freelancers ?? data.shortlist;
  if (Array.isArray(list)) return shortlist(tool, list.filter(isRec));
  return undefined;
}

function fraudTable(alerts: Rec[], total: unknown): Block[] {
  const rows = alerts.slice(0, 15).map((a) => {
    const reasons = Array.isArray(a.reasons) ? a.reasons.filter(isRec) : [];
    return [
      str(a.displayName),
      str(a.role),
      str(a.score),
      str(a.band),
      str(reasons[0]?.signal ?? reasons[0]?.reason),
      str(a.status),
    ];
  });
  return [
    {
      type: 'header',
      text: { type: 'plain_text', text: `Fraud risk: ${str(total) || rows.length} alert(s)` },
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: table(['Account', 'Role', 'Score', 'Band', 'Top signal', 'Status'], rows),
      },
    },
  ];
}

function assessment(d: Rec): Block[] {
  const reasons = Array.isArray(d.reasons) ? d.reasons.filter(isRec) : [];
  const lines = reasons
    .slice(0, 8)
    .map((r) => `• *${esc(str(r.signal))}* +${str(r.points)}: ${esc(str(r.reason))}`);
  return [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${esc(str(d.displayName))}* (${esc(str(d.role))}): risk *${str(d.score)}* / 100, ${esc(str(d.band))}\n${lines.join('\n')}`.slice(
          0,
          SECTION_MAX,
        ),
      },
    },
  ];
}

function spec(d: Rec): Block[] {
  const draft = isRec(d.draft) ? d.draft : isRec(d.project) ? d.project : d;
  const budget = isRec(draft.budget) ? draft.budget : undefined;
  const fields = [
    draft.category && `*Category*\n${esc(str(draft.category))}`,
    budget &&
      `*Budget*\n${esc(`${str(budget.min)}–${str(budget.max)} ${str(budget.currency)} (minor units)`)}`,
    draft.timelineWeeks && `*Timeline*\n${str(draft.timelineWeeks)} weeks`,
    Array.isArray(draft.skills) && `*Skills*\n${esc(draft.skills.map(str).join(', '))}`,
  ].filter((f): f is string => typeof f === 'string' && f.length > 0);
  return [
    { type: 'header', text: { type: 'plain_text', text: str(draft.title).slice(0, 150) || 'Project spec' } },
    ...(draft.description
      ? [
          {
            type: 'section',
            text: { type: 'mrkdwn', text: esc(str(draft.description)).slice(0, SECTION_MAX) },
          },
        ]
      : []),
    ...(fields.length ? [{ type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text })) }] : []),
  ];
}

function shortlist(tool: string, items: Rec[]): Block[] {
  const lines = items.slice(0, 10).map((c, i) => {
    const name = str(c.displayName ?? c.name ?? c.freelancerName ?? c.userId ?? c.id);
    const score = c.score ?? c.matchScore;
    const why = Array.isArray(c.reasons)
      ? c.reasons.map((r) => (isRec(r) ? str(r.reason ?? r.text) : str(r))).join('; ')
      : str(c.headline);
    return `${i + 1}. *${esc(name)}*${score !== undefined ? ` (${str(score)})` : ''}${why ? ` — ${esc(why).slice(0, 200)}` : ''}`;
  });
  return [
    { type: 'header', text: { type: 'plain_text', text: `Shortlist (${tool})` } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: lines.join('\n').slice(0, SECTION_MAX) || '_Nobody matched._' },
    },
  ];
}
