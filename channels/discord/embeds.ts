import {
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
  escapeMarkdown,
} from 'discord.js';
import type { ConfirmationRequiredEvent } from '../../agents/events';
import { formatMoneyValue } from '../../agents/offline/format';

export type ButtonRow = APIActionRowComponent<APIComponentInMessageActionRow>;

const BRAND = 0x5865f2;
const WARN = 0xf0b232;
const DONE = 0x23a55a;
const REFUSED = 0xda373c;
/** Discord's limits: description 4096, field value 1024, title 256. */
const DESCRIPTION_MAX = 4000;
const FIELD_MAX = 1024;

const BUTTON_PREFIX = 'megilance';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
export const md = (s: string) => escapeMarkdown(s);

/** What a Confirm / Cancel button carries in its custom id (100 characters at most): the action and who asked. */
export interface ButtonTarget {
  confirm: boolean;
  actionId: string;
  requester: string;
}

export function buttonId(b: ButtonTarget): string {
  return `${BUTTON_PREFIX}:${b.confirm ? 'confirm' : 'cancel'}:${b.actionId}:${b.requester}`;
}

export function parseButtonId(id: string): ButtonTarget | undefined {
  const m = /^megilance:(confirm|cancel):([A-Za-z0-9_-]+):(\d+)$/.exec(id);
  if (!m) return undefined;
  return { confirm: m[1] === 'confirm', actionId: m[2]!, requester: m[3]! };
}

/** A pending action: its summary as an embed, and Confirm / Cancel buttons only the requester may press. */
export function pendingAction(
  e: ConfirmationRequiredEvent,
  requester: string,
): { embed: APIEmbed; row: ButtonRow } {
  return {
    embed: {
      title: 'Waiting for your confirmation',
      description: md(e.summary).slice(0, DESCRIPTION_MAX),
      color: WARN,
      fields: [
        { name: 'Tool', value: `\`${e.tool}\``, inline: true },
        { name: 'Expires', value: e.expiresAt, inline: true },
      ],
      footer: { text: `Action ${e.actionId} · only the person who asked can press these` },
    },
    row: {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Success,
          label: 'Confirm',
          custom_id: buttonId({ confirm: true, actionId: e.actionId, requester }),
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Danger,
          label: 'Cancel',
          custom_id: buttonId({ confirm: false, actionId: e.actionId, requester }),
        },
      ],
    },
  };
}

/** The message after a press: that action's embed shows the outcome and its buttons are gone. */
export function resolvedMessage(
  embeds: APIEmbed[],
  rows: ButtonRow[],
  actionId: string,
  outcome: { ok: boolean; text: string },
): { embeds: APIEmbed[]; components: ButtonRow[] } {
  const tag = `Action ${actionId}`;
  const mine = (e: APIEmbed) => e.footer?.text === tag || (e.footer?.text?.startsWith(`${tag} `) ?? false);
  const color = outcome.ok ? DONE : REFUSED;
  const title = outcome.ok ? 'Done' : 'Not done';
  const updated = embeds.map((e) =>
    mine(e)
      ? {
          ...e,
          title,
          color,
          fields: [
            ...(e.fields ?? []).filter((f) => f.name !== 'Expires'),
            { name: 'Outcome', value: outcome.text.slice(0, FIELD_MAX) },
          ],
          footer: { text: tag },
        }
      : e,
  );
  // A message that lost the action's embed still says what the press did.
  if (!embeds.some(mine)) updated.push({ title, color, description: outcome.text, footer: { text: tag } });
  return {
    embeds: updated.slice(-10),
    components: rows.filter(
      (r) => !r.components.some((c) => 'custom_id' in c && parseButtonId(c.custom_id)?.actionId === actionId),
    ),
  };
}

/** A monospace table in a code block, so columns line up. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) =>
    Math.min(24, Math.max(h.length, ...rows.map((r) => str(r[i]).length))),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) =>
        str(c)
          .replace(/`/g, "'")
          .slice(0, widths[i])
          .padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return ['```', line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '```'].join('\n');
}

const money = (m: unknown): string => formatMoneyValue(m) ?? '';

/** Tool results worth an embed (spec, shortlist, fraud table, proposal, project list); undefined for the rest. */
export function resultEmbeds(tool: string, data: unknown): APIEmbed[] | undefined {
  if (!isRec(data)) return undefined;
  if (tool === 'list_risk_alerts' && Array.isArray(data.alerts))
    return [fraudTable(data.alerts.filter(isRec), data.total)];
  if (tool === 'assess_user') return [assessment(data)];
  if (tool === 'draft_project_from_brief' || tool === 'improve_job_post') return [spec(data)];
  if (tool === 'draft_proposal' || (typeof data.coverLetter === 'string' && isRec(data.amount)))
    return [proposal(data)];
  const list = data.candidates ?? data.matches ?? data.freelancers ?? data.shortlist;
  if (Array.isArray(list)) return [shortlist(tool, list.filter(isRec))];
  if (Array.isArray(data.results) && data.results.every((r) => isRec(r) && 'title' in r))
    return [projects(data.results.filter(isRec), data.total)];
  return undefined;
}

function fraudTable(alerts: Rec[], total: unknown): APIEmbed {
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
  return {
    title: `Fraud risk: ${str(total) || rows.length} alert(s)`,
    color: REFUSED,
    description: table(['Account', 'Role', 'Score', 'Band', 'Top signal', 'Status'], rows).slice(
      0,
      DESCRIPTION_MAX,
    ),
  };
}

function assessment(d: Rec): APIEmbed {
  const reasons = Array.isArray(d.reasons) ? d.reasons.filter(isRec) : [];
  return {
    title: `${str(d.displayName)} (${str(d.role)}): risk ${str(d.score)} / 100, ${str(d.band)}`.slice(0, 256),
    color: WARN,
    description:
      reasons
        .slice(0, 8)
        .map((r) => `• **${md(str(r.signal))}** +${str(r.points)}: ${md(str(r.reason))}`)
        .join('\n')
        .slice(0, DESCRIPTION_MAX) || 'No risk signals.',
  };
}

function spec(d: Rec): APIEmbed {
  const draft = isRec(d.draft) ? d.draft : isRec(d.project) ? d.project : d;
  const budget = isRec(draft.budget) ? draft.budget : undefined;
  const fields: { name: string; value: string; inline?: boolean }[] = [];
  if (draft.category) fields.push({ name: 'Category', value: str(draft.category), inline: true });
  if (budget) {
    fields.push({ name: 'Budget', value: money(budget) || '—', inline: true });
  }
  if (draft.timelineWeeks)
    fields.push({ name: 'Timeline', value: `${str(draft.timelineWeeks)} weeks`, inline: true });
  if (Array.isArray(draft.skills) && draft.skills.length)
    fields.push({
      name: 'Skills',
      value: md(draft.skills.map((s) => (isRec(s) ? str(s.name) : str(s))).join(', ')).slice(0, FIELD_MAX),
    });
  return {
    title: str(draft.title).slice(0, 256) || 'Project spec',
    color: BRAND,
    ...(draft.description ? { description: md(str(draft.description)).slice(0, DESCRIPTION_MAX) } : {}),
    fields,
  };
}

function proposal(d: Rec): APIEmbed {
  const milestones = Array.isArray(d.milestones) ? d.milestones.filter(isRec) : [];
  return {
    title: 'Proposal draft',
    color: BRAND,
    description: md(str(d.coverLetter)).slice(0, DESCRIPTION_MAX),
    fields: [
      { name: 'Price', value: money(d.amount) || '—', inline: true },
      { name: 'Estimate', value: `${str(d.estimatedWeeks) || '?'} weeks`, inline: true },
      ...(milestones.length
        ? [
            {
              name: 'Milestones',
              value: milestones
                .slice(0, 10)
                .map((m, i) => `${i + 1}. ${md(str(m.title))}: ${money(m.amount)}`)
                .join('\n')
                .slice(0, FIELD_MAX),
            },
          ]
        : []),
    ],
  };
}

function shortlist(tool: string, items: Rec[]): APIEmbed {
  const lines = items.slice(0, 10).map((c, i) => {
    const name = str(c.displayName ?? c.name ?? c.freelancerName ?? c.userId ?? c.id);
    const score = c.score ?? c.matchScore;
    const why = Array.isArray(c.reasons)
      ? c.reasons.map((r) => (isRec(r) ? str(r.reason ?? r.text) : str(r))).join('; ')
      : str(c.headline);
    return `${i + 1}. **${md(name)}**${score !== undefined ? ` (${str(score)})` : ''}${why ? ` — ${md(why).slice(0, 200)}` : ''}`;
  });
  return {
    title: `Shortlist (${tool || 'result'})`,
    color: BRAND,
    description: lines.join('\n').slice(0, DESCRIPTION_MAX) || '_Nobody matched._',
  };
}

function projects(items: Rec[], total: unknown): APIEmbed {
  const lines = items.slice(0, 15).map((p) => {
    const budget = isRec(p.budget) ? p.budget : undefined;
    const range = budget ? ` · ${money(budget)}` : '';
    return `• **${md(str(p.title))}** (${str(p.status) || 'open'})${range}`;
  });
  return {
    title: `Projects (${str(total) || items.length})`,
    color: BRAND,
    description: lines.join('\n').slice(0, DESCRIPTION_MAX) || '_None._',
  };
}
