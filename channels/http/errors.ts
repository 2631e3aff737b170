import type { FastifyReply } from 'fastify';
import type { CallResult, ErrorBody } from '../../tools/dispatcher';
import { ERROR_CODES, ToolError } from '../../tools/errors';

/** Sends a dispatcher result the same way everywhere: the output, a pending action (202), or a typed error. */
export function sendResult(reply: FastifyReply, result: CallResult): FastifyReply {
  // 200 is already the status of a fresh reply; setting it again cost a measurable share of a read.
  if (result.ok) return reply.send(result.data);
  const { error } = result;
  if (error.code === 'NEEDS_CONFIRMATION' && error.pendingAction) {
    return reply
      .code(202)
      .send({ code: error.code, message: error.message, pendingAction: error.pendingAction });
  }
  return sendError(reply, error);
}

export function sendError(reply: FastifyReply, error: ErrorBody): FastifyReply {
  if (error.code === 'UNAUTHENTICATED') reply.header('www-authenticate', 'Bearer');
  return reply.code(ERROR_CODES[error.code].status).send({ error });
}

/** A thrown ToolError as a typed answer; RATE_LIMITED also carries Retry-After. Anything else is rethrown. */
export function refuse(reply: FastifyReply, err: unknown): FastifyReply {
  if (!(err instanceof ToolError)) throw err;
  const retry = err.details?.retryAfterSeconds;
  if (err.code === 'RATE_LIMITED' && typeof retry === 'number') reply.header('retry-after', String(retry));
  return sendError(reply, {
    code: err.code,
    message: err.message,
    ...(err.details ? { details: err.details } : {}),
  });
}
