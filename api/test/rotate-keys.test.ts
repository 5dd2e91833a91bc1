import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createKeyRing } from "../src/crypto/fernet";
import { plaidItems } from "../src/db/schema";
import { rotateAccessTokens } from "../src/plaid/rotate-keys";
import { createHousehold, createTestApi, type TestApi } from "./harness";

const OLD = "old-app-secret-key-0123456789abcdef-0123";
const NEW = "new-app-secret-key-0123456789abcdef-0123";
let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

it("re-encrypts stored access tokens under the newest key, keeping them readable", async () => {
  const { householdId } = await createHousehold(api);
  const db = api.deps.db;
  const before = createKeyRing([OLD]);
  await db.insert(plaidItems).values([
    { householdId, plaidItemId: "item-rotate-1", accessTokenEncrypted: before.encrypt("access-sandbox-one") },
    { householdId, plaidItemId: "item-rotate-2", accessTokenEncrypted: before.encrypt("access-sandbox-two") },
  ]);
  const ring = createKeyRing([NEW, OLD]);
  expect(await rotateAccessTokens(db, ring)).toEqual({ rotated: 2, current: 0 });
  expect(await rotateAccessTokens(db, ring)).toEqual({ rotated: 0, current: 2 });

  const newOnly = createKeyRing([NEW]);
  const [one] = await db.select().from(plaidItems).where(eq(plaidItems.plaidItemId, "item-rotate-1"));
  expect(newOnly.decrypt(one!.accessTokenEncrypted)).toBe("access-sandbox-one");
  expect(one!.accessTokenEncrypted.startsWith("gAAAAA")).toBe(true);
});
