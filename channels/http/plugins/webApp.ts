import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../errors';
import type { WebApp } from '../next/server';

/** Paths the API owns: an unknown one is a JSON 404, never a web page. */
const API_PREFIXES = ['/api/', '/mcp', '/slack/', '/discord/', '/health/'];

/**
 * Every other GET and HEAD goes to the Next.js app (pages, its static files, the sitemap). Fastify steps
 * aside (hijack) so Next writes the response itself.
 */
export async function webAppRoutes(app: FastifyInstance, opts: { web: WebApp }) {
  const { web } = opts;
  const forward = async (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (API_PREFIXES.some((p) => path === p.replace(/\/$/, '') || path.startsWith(p)))
      return sendError(reply, { code: 'NOT_FOUND', message: `No route ${req.method} ${path}.` });
    reply.hijack();
    try {
      await web.handle(req.raw, reply.raw);
    } catch (err) {
      req.log.error({ err }, 'web page failed');
      if (!reply.raw.headersSent) reply.raw.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      if (!reply.raw.writableEnded) reply.raw.end('Something went wrong on our side.');
    }
  };
  // HEAD is answered by the GET routes (Fastify's exposeHeadRoutes).
  app.get('/', { schema: { hide: true } }, forward);
  app.get('/*', { schema: { hide: true } }, forward);
  if (web.upgrade) {
    const upgrade = web.upgrade;
    app.server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/api/')) void upgrade(req, socket, head);
    });
  }
  app.addHook('onClose', async () => web.close());
}
