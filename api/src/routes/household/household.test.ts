import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem } from "../../../test/expect";
import { createHousehold, createTestApi, type TestApi } from "../../../test/harness";

interface Household {
  id: string;
  name: string;
  baseCurrency: string;
  members: { id: string; displayName: string }[];
}

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

const apiKeyOf = async (token: string) =>
  (await api.request<{ key: string }>("POST", "/api-keys", { token, body: { name: "dashboard build" } })).body.key;

describe("GET /household", () => {
  it("shows the caller's household and both members, by name only", async () => {
    const { alex, blair, householdId } = await createHousehold(api, "Flat 3");
    for (const token of [alex.accessToken, blair.accessToken]) {
      const reply = await api.request<Household>("GET", "/household", { token });
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({
        id: householdId,
        name: "Flat 3",
        baseCurrency: "USD",
        members: [
          { id: alex.member.id, displayName: "Alex" },
          { id: blair.member.id, displayName: "Blair" },
        ],
      });
    }
    const text = JSON.stringify((await api.request("GET", "/household", { token: alex.accessToken })).body);
    expect(text).not.toContain(alex.member.email);
    expect(text).not.toMatch(/password|hash/i);
  });

  it("is readable with a read-only API key, which sees its own household", async () => {
    const { alex, householdId } = await createHousehold(api, "Keyed");
    const reply = await api.request<Household>("GET", "/household", { token: await apiKeyOf(alex.accessToken) });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id: householdId, name: "Keyed" });
  });

  it("shows each household only its own", async () => {
    const first = await createHousehold(api, "First");
    const second = await createHousehold(api, "Second");
    const reply = await api.request<Household>("GET", "/household", { token: second.alex.accessToken });
    expect(reply.body.id).toBe(second.householdId);
    const text = JSON.stringify(reply.body);
    for (const id of [first.householdId, first.alex.member.id, first.blair.member.id]) expect(text).not.toContain(id);
  });

  it("needs credentials", async () => {
    expectProblem(await api.request("GET", "/household"), 401, "unauthorized");
    expectProblem(await api.request("GET", "/household", { token: "not-a-token" }), 401, "unauthorized");
  });
});
