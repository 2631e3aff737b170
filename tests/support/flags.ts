import { setFlagEnabled, setFlagRollout, setFlagVariants } from '../../db/queries/flags';
import type { Runtime } from '../../runtime';

/**
 * Puts every user a flag targets in one arm, as an admin could: enabled, 100% rollout, and (for a flag with
 * variants) that variant alone. Tests that are about one ranking or behaviour pin it instead of depending on
 * where a random user id happens to hash. `by` is the user recorded as the flag's last editor.
 */
export async function pinFlag(rt: Runtime, by: string, key: string, variant?: string): Promise<void> {
  const now = new Date().toISOString();
  await rt.db.write(async (tx) => {
    await setFlagEnabled(tx, key, true, by, now);
    await setFlagRollout(tx, key, 10_000, by, now);
    if (variant) await setFlagVariants(tx, key, [{ key: variant, weight: 1 }], by, now);
  });
}
