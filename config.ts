import { existsSync } from 'node:fs';
import { z } from 'zod';

/**
 * Every setting the product reads, validated once. Defaults make `npm start` work on a fresh clone:
 * an embedded libSQL file under data/, in-process jobs, the offline model.
 */
const Env = z.object({
  DATABASE_URL: z.string().min(1).default('file:data/megilance.db'),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  /** Keep DATABASE_URL (a file:) as an embedded replica of this libSQL server: local reads, writes sent to it. */
  DATABASE_SYNC_URL: z.string().url().optional(),
  /** Embedded replica: seconds between pulls of other nodes' writes. */
  DATABASE_SYNC_SECONDS: z.coerce.number().positive().default(1),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: z.string().url().optional(),
  CONFIRMATION_TTL_MINUTES: z.coerce.number().int().positive().default(15),
  API_KEY_CACHE_SECONDS: z.coerce.number().int().min(0).default(30),
  REDIS_URL: z.string().optional(),
  /** BullMQ key prefix: API nodes and their workers share one; two deployments on one Redis need two. */
  JOBS_PREFIX: z.string().min(1).default('bull'),
  /** `npm run worker`: seconds a job stays locked without renewal; a dead worker's job is retried after it. */
  JOB_LOCK_SECONDS: z.coerce.number().positive().default(30),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  MODEL: z.string().optional(),
  EMBEDDING_MODEL: z.string().optional(),
  /** Copilot caps per user (0 turns a cap off): chat turns and tool calls a minute, model tokens a day. */
  AGENT_TURNS_PER_MINUTE: z.coerce.number().int().min(0).default(20),
  AGENT_TOOL_CALLS_PER_MINUTE: z.coerce.number().int().min(0).default(60),
  AGENT_TOKENS_PER_DAY: z.coerce.number().int().min(0).default(1_000_000),
  /** Origins allowed to call /mcp (comma-separated); requests without an Origin header are always allowed. */
  MCP_ALLOWED_ORIGINS: z.string().optional(),
  /** Serve /mcp without sessions: every POST stands alone (no elicitation, no GET stream). */
  MCP_STATELESS: z.stringbool().default(false),
  /** An MCP session nobody used for this long is closed. */
  MCP_SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  /** Who takes deposits: "sandbox" is the local provider (no network). */
  PAYMENT_PROVIDER: z.enum(['sandbox']).default('sandbox'),
  /** Platform fee by contract value: "threshold:bps,…", minor units and basis points (tools/money/fees.ts). */
  PLATFORM_FEE_TIERS: z
    .string()
    .regex(/^\s*\d+\s*:\s*\d+\s*(,\s*\d+\s*:\s*\d+\s*)*$/, 'Use "threshold:bps,…", e.g. 0:1000,100000:700')
    .default('0:1000,100000:700,1000000:500'),
  /** Fraud risk (trust/risk/policy.ts): a score above BLOCK_ABOVE blocks; from REVIEW_FROM an alert opens. */
  RISK_BLOCK_ABOVE: z.coerce.number().int().min(0).max(100).default(80),
  RISK_REVIEW_FROM: z.coerce.number().int().min(0).max(100).default(50),
  /** Slack (channels/slack): HTTP events at /slack/events start when the signing secret and bot token are set. */
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_BOT_TOKEN: z.string().optional(),
  /** Socket Mode instead of HTTP events (optional): an app-level token (xapp-…). */
  SLACK_APP_TOKEN: z.string().optional(),
  /** The workspace (team id) whose linked admins get the admin copilot; admins are refused elsewhere. */
  SLACK_ADMIN_TEAM_ID: z.string().optional(),
  /** Web API base URL, ending in "/" (tests point it at a local fake). */
  SLACK_API_URL: z.string().url().optional(),
  /** Discord (channels/discord): the gateway bot starts when the token and application id are set. */
  DISCORD_TOKEN: z.string().optional(),
  DISCORD_APPLICATION_ID: z.string().optional(),
  /** Hex Ed25519 key: verifies POST /discord/interactions when Discord sends interactions over HTTP. */
  DISCORD_PUBLIC_KEY: z.string().optional(),
  /** REST base URL (tests point it at a local fake); default https://discord.com/api. */
  DISCORD_API_URL: z.string().url().optional(),
  /** Web sign-in (channels/http/web): one-click sign-in as the seeded demo-* users. Turn off in production. */
  WEB_DEMO_SIGNIN: z.stringbool().default(true),
  /** Browser session lifetime (cookie ml_session) and refresh token lifetime (cookie ml_refresh). */
  WEB_SESSION_MINUTES: z.coerce.number().int().positive().default(60),
  WEB_REFRESH_DAYS: z.coerce.number().int().positive().default(30),
  /** Extra origins (comma-separated) whose cookie requests are accepted, e.g. a Next.js dev server on another port. */
  WEB_ALLOWED_ORIGINS: z.string().optional(),
  /** Web API caps per user (0 turns one off): chat messages a minute, and tool calls a minute from a browser session. */
  WEB_MESSAGES_PER_MINUTE: z.coerce.number().int().min(0).default(20),
  WEB_TOOL_CALLS_PER_MINUTE: z.coerce.number().int().min(0).default(120),
  /**
   * Tool calls over HTTP that run at once on one node; the rest queue in arrival order (0: no limit). Bounds
   * the event-loop lag every call's database round trips wait behind (channels/http/plugins/admission.ts).
   */
  TOOL_CONCURRENCY: z.coerce.number().int().min(0).default(16),
  /** Serve the Next.js web app (web/) on the API's port; false serves the API alone (tests). */
  WEB_ENABLED: z.stringbool().default(true),
  /** The web app in development mode (next dev: hot reload, no build step), as `npm run dev` runs it. */
  WEB_DEV: z.stringbool().default(false),
});

export type Config = z.infer<typeof Env>;

/** Reads the environment (plus `.env` in the working directory, when there is one). */
export function loadConfig(env?: NodeJS.ProcessEnv): Config {
  if (!env) {
    if (existsSync('.env')) process.loadEnvFile('.env');
    env = process.env;
  }
  // An empty value (`PUBLIC_URL=` in .env) means "not set", so the default applies.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Env.safeParse(set);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
