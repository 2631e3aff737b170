/**
 * The one registry of error codes every surface speaks (HTTP, MCP, agents, chat channels).
 * Each code carries the HTTP status it maps to and a default message a person can act on.
 */
export const ERROR_CODES = {
  VALIDATION: { status: 400, message: 'Some fields are missing or invalid.' },
  UNAUTHENTICATED: { status: 401, message: 'Sign in or pass a valid API key.' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do this.' },
  NOT_FOUND: { status: 404, message: 'Nothing found with that id.' },
  CONFLICT: { status: 409, message: 'This conflicts with the current state.' },
  ACTION_EXPIRED: { status: 410, message: 'This confirmation has expired; ask again.' },
  INSUFFICIENT_FUNDS: { status: 402, message: 'Not enough funds for this.' },
  NEEDS_CONFIRMATION: { status: 202, message: 'This needs your confirmation before it runs.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; try again shortly.' },
  BLOCKED_BY_RISK: {
    status: 403,
    message:
      'Our fraud checks stopped this action and an admin will review it; nothing was changed. Contact support if this is a mistake.',
  },
  /** A feature flag (db/seed/data/flags.ts) keeps this feature off for the caller; an admin can turn it on. */
  FEATURE_UNAVAILABLE: {
    status: 403,
    message: 'This feature is not available on your account yet; nothing was changed.',
  },
  INTERNAL: { status: 500, message: 'Something went wrong on our side.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldError {
  /** Dotted path of the offending input field, e.g. "budget.min". */
  field: string;
  message: string;
}

export class ToolError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[] | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message?: string,
    opts: { fields?: FieldError[]; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message ?? ERROR_CODES[code].message, { cause: opts.cause });
    this.name = 'ToolError';
    this.code = code;
    this.fields = opts.fields;
    this.details = opts.details;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

export const notFound = (what: string, id: string) => new ToolError('NOT_FOUND', `No ${what} with id ${id}.`);
export const forbidden = (message: string) => new ToolError('FORBIDDEN', message);
export const conflict = (message: string) => new ToolError('CONFLICT', message);
export const invalid = (field: string, message: string) =>
  new ToolError('VALIDATION', `${field}: ${message}`, { fields: [{ field, message }] });
