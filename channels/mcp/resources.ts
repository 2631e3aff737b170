import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestId, Resource } from '@modelcontextprotocol/sdk/types.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import type { ErrorBody } from '../../tools/dispatcher';
import type { SessionContext } from './server';

/**
 * Projects, freelancer profiles and contracts as MCP resources. Reading one calls the matching read tool
 * through the dispatcher as this user, so what a user may see is decided by exactly the rules the tools
 * apply (a draft only for its client, a contract only for its parties or an admin). Listing shows what is
 * the user's own, found with the list tools their role may call.
 */

interface Kind {
  name: string;
  title: string;
  description: string;
  uriTemplate: string;
  tool: string;
  input(id: string): Record<string, string>;
  list(found: Found): Resource[];
}

/** What the user's own list tools returned, gathered once per resources/list request. */
interface Found {
  projects: Map<string, string>;
  freelancers: Map<string, string>;
  contracts: Map<string, string>;
}

const MIME = 'application/json';

/** JSON-RPC codes for a refused read: -32002 is MCP's "resource not found". */
const RESOURCE_NOT_FOUND = -32002;

const toResources = (prefix: string, titles: Map<string, string>): Resource[] =>
  [...titles].map(([id, title]) => ({ uri: `megilance://${prefix}/${id}`, name: title, mimeType: MIME }));

const KINDS: Kind[] = [
  {
    name: 'project',
    title: 'Project',
    description:
      'A project with its budget, skills, requirements and milestones (drafts only for their client).',
    uriTemplate: 'megilance://projects/{id}',
    tool: 'get_project',
    input: (id) => ({ projectId: id }),
    list: (f) => toResources('projects', f.projects),
  },
  {
    name: 'freelancer',
    title: 'Freelancer profile',
    description: "A freelancer's public profile: skills, rate, rating, reviews and case studies.",
    uriTemplate: 'megilance://freelancers/{id}',
    tool: 'get_freelancer_profile',
    input: (id) => ({ freelancerId: id }),
    list: (f) => toResources('freelancers', f.freelancers),
  },
  {
    name: 'contract',
    title: 'Contract',
    description: 'One of your contracts: terms, milestones, time logged, reviews and scope changes.',
    uriTemplate: 'megilance://contracts/{id}',
    tool: 'get_contract',
    input: (id) => ({ contractId: id }),
    list: (f) => toResources('contracts', f.contracts),
  },
];

export function registerResources(mcp: McpServer, session: SessionContext): void {
  const { dispatcher, actor } = session;
  const allowed = new Set(dispatcher.toolsFor(actor).map((t) => t.name));
  const gather = gatherOnce(session, allowed);

  for (const kind of KINDS) {
    if (!allowed.has(kind.tool)) continue;
    const template = new ResourceTemplate(kind.uriTemplate, {
      list: async (extra) => ({ resources: kind.list(await gather(extra.requestId)) }),
    });
    mcp.registerResource(
      kind.name,
      template,
      { title: kind.title, description: kind.description, mimeType: MIME },
      async (uri, variables) => {
        const raw = variables.id;
        const id = decodeURIComponent(Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? ''));
        const input = kind.input(id);
        const authError = await session.recheck();
        const result = authError
          ? await dispatcher.call({ actor: null, authError, channel: 'mcp', tool: kind.tool, input })
          : await dispatcher.call({ actor, channel: 'mcp', tool: kind.tool, input });
        if (!result.ok) throw refusal(result.error);
        return { contents: [{ uri: uri.href, mimeType: MIME, text: JSON.stringify(result.data, null, 2) }] };
      },
    );
  }
}

/** A refused read as a JSON-RPC error (resources have no isError), carrying the typed code. */
function refusal(error: ErrorBody): McpError {
  const code =
    error.code === 'NOT_FOUND' ? RESOURCE_NOT_FOUND : error.code === 'VALIDATION' ? -32602 : -32600;
  return new McpError(code, `${error.code}: ${error.message}`, { code: error.code, message: error.message });
}

/**
 * The user's own things, from their own list tools, each call through the dispatcher. The three
 * templates' list callbacks of one resources/list request share one gathering.
 */
function gatherOnce(session: SessionContext, allowed: Set<string>) {
  let last: { requestId: RequestId; found: Promise<Found> } | undefined;
  return (requestId: RequestId): Promise<Found> => {
    if (last?.requestId !== requestId) last = { requestId, found: gather(session, allowed) };
    return last.found;
  };
}

async function gather(session: SessionContext, allowed: Set<string>): Promise<Found> {
  const { dispatcher, actor } = session;
  const found: Found = { projects: new Map(), freelancers: new Map(), contracts: new Map() };
  if (await session.recheck()) return found;
  const call = async <T>(tool: string, input: Record<string, unknown>): Promise<T | undefined> => {
    if (!allowed.has(tool)) return undefined;
    const r = await dispatcher.call<T>({ actor, channel: 'mcp', tool, input });
    return r.ok ? r.data : undefined;
  };
  type Proposal = {
    projectId: string;
    projectTitle: string;
    contractId: string | null;
    freelancer: { id: string; name: string };
  };

  if (actor.role === 'client') {
    const mine = await call<{ results: { id: string; title: string; status: string }[] }>(
      'list_my_projects',
      {
        limit: 50,
      },
    );
    for (const p of mine?.results ?? []) found.projects.set(p.id, p.title);
    // Contracts run on projects in progress (or done); their accepted proposals name them.
    const withWork = (mine?.results ?? []).filter(
      (p) => p.status === 'in_progress' || p.status === 'completed',
    );
    const pages = await Promise.all(
      withWork
        .slice(0, 10)
        .map((p) =>
          call<{ items: Proposal[] }>('list_proposals', { projectId: p.id, status: 'accepted', limit: 10 }),
        ),
    );
    for (const page of pages) {
      for (const pr of page?.items ?? []) {
        if (pr.contractId) found.contracts.set(pr.contractId, `Contract: ${pr.projectTitle}`);
        found.freelancers.set(pr.freelancer.id, pr.freelancer.name);
      }
    }
  }

  if (actor.role === 'freelancer') {
    found.freelancers.set(actor.id, `${actor.displayName} (you)`);
    const mine = await call<{ items: Proposal[] }>('list_my_proposals', { limit: 50 });
    for (const pr of mine?.items ?? []) {
      found.projects.set(pr.projectId, pr.projectTitle);
      if (pr.contractId) found.contracts.set(pr.contractId, `Contract: ${pr.projectTitle}`);
    }
  }
  return found;
}
