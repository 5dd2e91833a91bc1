import { eq, ne } from "drizzle-orm";
import type { KeyRing } from "../crypto/fernet";
import type { Database } from "../db/client";
import { plaidItems } from "../db/schema";

/**
 * Re-encrypts every stored access token under the newest key. Run after putting a new
 * key first in APP_SECRET_KEY; once it reports zero left, the old key can be dropped.
 */
export async function rotateAccessTokens(
  db: Database,
  keyRing: KeyRing,
): Promise<{ rotated: number; current: number }> {
  const items = await db
    .select({ id: plaidItems.id, token: plaidItems.accessTokenEncrypted })
    .from(plaidItems)
    .where(ne(plaidItems.accessTokenEncrypted, ""));
  let rotated = 0;
  for (const item of items) {
    if (keyRing.isCurrent(item.token)) continue;
    await db
      .update(plaidItems)
      .set({ accessTokenEncrypted: keyRing.encrypt(keyRing.decrypt(item.token)) })
      .where(eq(plaidItems.id, item.id));
    rotated++;
  }
  return { rotated, current: items.length - rotated };
}
