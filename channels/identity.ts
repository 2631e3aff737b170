import type { Db } from '../db/client';
import { findKeyOwner, hashKey } from '../db/queries/apiKeys';
import type { Actor } from '../tools/define';
import { ToolError } from '../tools/errors';

/**
 * Maps an API key to the marketplace user it is bound to. Shared by HTTP and MCP.
 * Lookups are cached briefly (API_KEY_CACHE_SECONDS) so a hot key costs no query; revocation and
 * suspension take effect within that window.
 */
export class ApiKeyIdentity {
  private cache = new Map<string, { actor: Actor | null; until: number }>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 30_000,
  ) {}

  async resolve(key: string): Promise<Actor> {
    const cacheKey = hashKey(key); // never keep clear keys in memory longer than the request
    return this.cachedHash(cacheKey) ?? this.lookup(key, cacheKey);
  }

  /**
   * The cached answer for a key, by its hash (`hashKey`), without waiting; undefined when it must be looked
   * up (`resolve`). Throws like `resolve` for a key cached as invalid. The HTTP auth hook answers most
   * requests from here.
   */
  cachedHash(hash: string): Actor | undefined {
    const hit = this.cache.get(hash);
    if (!hit || hit.until <= Date.now()) return undefined;
    if (!hit.actor) throw new ToolError('UNAUTHENTICATED', 'This API key is not valid.');
    return hit.actor;
  }

  private async lookup(key: string, cacheKey: string): Promise<Actor> {
    const now = Date.now();
    const owner = await findKeyOwner(this.db.reader, key);
    let actor: Actor | null = null;
    if (owner?.status === 'active')
      actor = { id: owner.id, role: owner.role, displayName: owner.displayName };
    if (this.ttlMs > 0) {
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(cacheKey, { actor, until: now + this.ttlMs });
    }
    if (owner?.status === 'suspended') throw new ToolError('FORBIDDEN', 'This account is suspended.');
    if (!actor) throw new ToolError('UNAUTHENTICATED', 'This API key is not valid.');
    return actor;
  }

  forget(): void {
    this.cache.clear();
  }
}
