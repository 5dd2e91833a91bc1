import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem, rowCounts } from "../../../test/expect";
import { createAccount, createHousehold, createTestApi, type TestApi } from "../../../test/harness";
import { loadConverter } from "../../currency/converter";
import { frankfurterProvider } from "../../currency/provider";

interface Rate {
  date: string;
  base: string;
  quote: string;
  rate: string;
  source: string;
}
interface RateList {
  items: Rate[];
  nextCursor: string | null;
}
interface WriteResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * A stand-in for Frankfurter's v1 API as documented at https://frankfurter.dev:
 * GET /currencies, GET /{from}..{to}?base=&symbols= with rates for working days only,
 * 404 for an unknown currency. Rates are written with more digits than a double holds.
 */
const ECB_CURRENCIES = { EUR: "Euro", GBP: "British Pound", JPY: "Japanese Yen", USD: "United States Dollar" };
const USD_RATES: Record<string, Record<string, string>> = {
  "2026-01-02": { EUR: "0.912345678901234567", JPY: "157.1", GBP: "0.79" },
  "2026-01-05": { EUR: "0.915", JPY: "156.9", GBP: "0.791" },
  "2026-01-06": { EUR: "0.9", JPY: "157.25", GBP: "0.792" },
};
let frankfurterFails = false;
const frankfurterRequests: string[] = [];

function frankfurter(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "http://localhost");
  frankfurterRequests.push(`${url.pathname}${url.search}`);
  const send = (status: number, text: string) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(text);
  };
  if (frankfurterFails) return send(500, '{"message":"internal error"}');
  if (url.pathname === "/v1/currencies") return send(200, JSON.stringify(ECB_CURRENCIES));
  const range = /^\/v1\/(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(url.pathname);
  const base = url.searchParams.get("base") ?? "EUR";
  const symbols = (url.searchParams.get("symbols") ?? "").split(",").filter(Boolean);
  if (!range || base !== "USD" || symbols.some((s) => !(s in ECB_CURRENCIES))) {
    return send(404, '{"message":"not found"}');
  }
  const [, from, to] = range as unknown as [string, string, string];
  const days = Object.keys(USD_RATES).filter((date) => date >= from && date <= to);
  const body = days
    .map((date) => {
      const quotes = symbols.map((s) => `"${s}":${USD_RATES[date]![s]}`).join(",");
      return `"${date}":{${quotes}}`;
    })
    .join(",");
  send(200, `{"amount":1.0,"base":"USD","start_date":"${days[0]}","end_date":"${days.at(-1)}","rates":{${body}}}`);
}

let api: TestApi;
let server: Server;
let providerUrl: string;
let home: Awaited<ReturnType<typeof createHousehold>>;
let token: string;

const upload = (body: unknown, options: { token?: string; csv?: boolean } = {}) =>
  api.request<WriteResult>("POST", "/rates", {
    token: options.token ?? token,
    body,
    ...(options.csv ? { headers: { "content-type": "text/csv" } } : {}),
  });
const list = async (query = "", as = token) =>
  (await api.request<RateList>("GET", `/rates${query}`, { token: as })).body;

beforeAll(async () => {
  server = createServer(frankfurter);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  providerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  api = await createTestApi();
  home = await createHousehold(api, "Rates home");
  token = home.alex.accessToken;
});
afterAll(async () => {
  await api.close();
  await new Promise((resolve) => server.close(resolve));
});

describe("POST /rates (JSON)", () => {
  const rates = [
    { date: "2026-02-02", base: "USD", quote: "EUR", rate: "0.9100" },
    { date: "2026-02-02", base: "USD", quote: "JPY", rate: "157.1" },
    { date: "2026-02-02", base: "BHD", quote: "USD", rate: "2.659574468085" },
  ];

  it("stores every rate and reports the counts; the same upload again changes nothing", async () => {
    const first = await upload({ rates });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
    const counts = await rowCounts(api);
    expect((await upload({ rates })).body).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await rowCounts(api)).toEqual(counts);
    const listed = await list("?from=2026-02-02&to=2026-02-02");
    expect(listed.items.map((r) => [r.base, r.quote, r.rate, r.source])).toEqual([
      ["BHD", "USD", "2.659574468085", "upload"],
      ["USD", "EUR", "0.91", "upload"],
      ["USD", "JPY", "157.1", "upload"],
    ]);
  });

  it("replaces a stored rate with a new rate for the same day", async () => {
    const reply = await upload({ rates: [{ ...rates[0]!, rate: "0.92" }, rates[1]] });
    expect(reply.body).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
    expect((await list("?base=USD&quote=EUR&from=2026-02-02&to=2026-02-02")).items[0]?.rate).toBe("0.92");
  });

  it("refuses the whole upload when any row is bad, naming the row, and writes nothing", async () => {
    const counts = await rowCounts(api);
    const good = { date: "2026-02-09", base: "USD", quote: "EUR", rate: "0.9" };
    for (const [bad, path] of [
      [{ ...good, rate: 0.9 }, "rates.1.rate"],
      [{ ...good, rate: "0" }, "rates.1.rate"],
      [{ ...good, rate: "-0.9" }, "rates.1.rate"],
      [{ ...good, rate: "0.1234567890123" }, "rates.1.rate"],
      [{ ...good, rate: "1e3" }, "rates.1.rate"],
      [{ ...good, date: "2026-02-30" }, "rates.1.date"],
      [{ ...good, quote: "eur" }, "rates.1.quote"],
      [{ ...good, quote: "USD" }, "rates.1.quote"],
      [{ ...good, extra: 1 }, "rates.1"],
    ] as const) {
      const reply = await upload({ rates: [{ ...good, date: "2026-02-10" }, bad] });
      const problem = expectProblem(reply, 422, "validation_failed");
      expect(
        problem.errors?.map((e) => e.path),
        JSON.stringify(bad),
      ).toContain(path);
    }
    const jsonNumber = expectProblem(await upload({ rates: [{ ...good, rate: 0.9 }] }), 422);
    expect(jsonNumber.detail).toMatch(/decimal string.*JSON number/);
    const repeated = expectProblem(await upload({ rates: [good, { ...good, rate: "0.95" }] }), 422);
    expect(repeated.errors).toEqual([
      { path: "rates.1", message: expect.stringMatching(/repeats USD\/EUR on 2026-02-09/) },
    ]);
    expectProblem(await upload({ rates: [] }), 422, "validation_failed");
    expectProblem(await upload({}), 422, "validation_failed");
    expect(await rowCounts(api)).toEqual(counts);
  });

  it("accepts JSON or CSV only", async () => {
    const reply = await upload("date,base,quote,rate", { token });
    expect(reply.status).toBe(400); // a JSON content type with a CSV body is malformed JSON
    const other = await api.request("POST", "/rates", {
      token,
      body: "x",
      headers: { "content-type": "application/xml" },
    });
    expectProblem(other, 415, "unsupported_media_type");
  });
});

describe("POST /rates (CSV)", () => {
  const csv =
    "\ufeffDate,Base,Quote,Rate\r\n2026-03-02,USD,EUR,0.93\r\n2026-03-02,USD,GBP,0.8\r\n\r\n2026-03-03,USD,EUR,0.931\r\n";

  it("reads a header and one rate a line; uploading the file again changes nothing", async () => {
    expect((await upload(csv, { csv: true })).body).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
    expect((await upload(csv, { csv: true })).body).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
    const listed = await list("?from=2026-03-02&to=2026-03-03");
    expect(listed.items.map((r) => `${r.date} ${r.base}/${r.quote} ${r.rate}`)).toEqual([
      "2026-03-03 USD/EUR 0.931",
      "2026-03-02 USD/EUR 0.93",
      "2026-03-02 USD/GBP 0.8",
    ]);
  });

  it("takes the columns in any order and ignores extra ones", async () => {
    const text = "rate,quote,note,base,date\n0.94,EUR,from the bank,USD,2026-03-04\n";
    expect((await upload(text, { csv: true })).body).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
  });

  it("names the line of every bad row and writes nothing", async () => {
    const counts = await rowCounts(api);
    const bad =
      "date,base,quote,rate\n2026-03-05,USD,EUR,0.9\n2026-03-05,USD,EUR,abc\n2026-02-30,USD,GBP,0.8\n2026-03-05,USD,EUR,0.91\n";
    const problem = expectProblem(await upload(bad, { csv: true }), 422, "validation_failed");
    expect(problem.errors?.map((e) => e.path)).toEqual(["line 3.rate", "line 4.date", "line 5"]);
    expect(problem.detail).toMatch(/nothing was saved/);
    for (const [text, path] of [
      ["date,base,rate\n2026-03-05,USD,0.9\n", "line 1"],
      ["", "(body)"],
      ["date,base,quote,rate\n", "(body)"],
      ['date,base,quote,rate\n"2026-03-05,USD,EUR,0.9\n', "line 2"],
      ["date,base,quote,rate\n2026-03-05,USD,EUR\n", "line 2.rate"],
    ] as const) {
      const reply = expectProblem(await upload(text, { csv: true }), 422, "validation_failed");
      expect(reply.errors?.[0]?.path, text).toBe(path);
    }
    expect(await rowCounts(api)).toEqual(counts);
  });
});

describe("GET and DELETE /rates", () => {
  it("pages newest first with a cursor, and refuses a cursor it did not issue", async () => {
    const all = await list("?limit=200");
    const seen: Rate[] = [];
    let cursor: string | null = null;
    do {
      const page: RateList = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items);
    expect(all.items.length).toBeGreaterThan(4);
    expectProblem(await api.request("GET", "/rates?cursor=bm90LWEtY3Vyc29y", { token }), 400, "invalid_cursor");
    expectProblem(await api.request("GET", "/rates?from=2026-03-02&to=2026-03-01", { token }), 422);
  });

  it("deletes one pair between two dates", async () => {
    const reply = await api.request<{ deleted: number }>(
      "DELETE",
      "/rates?base=USD&quote=EUR&from=2026-03-03&to=2026-03-04",
      { token },
    );
    expect(reply.body).toEqual({ deleted: 2 });
    expect((await list("?base=USD&quote=EUR&from=2026-03-01&to=2026-03-31")).items.map((r) => r.date)).toEqual([
      "2026-03-02",
    ]);
  });

  it("lets a read-only API key list rates but not change them", async () => {
    const key = (await api.request<{ key: string }>("POST", "/api-keys", { token, body: { name: "dash" } })).body.key;
    expect((await list("", key)).items.length).toBeGreaterThan(0);
    const good = { rates: [{ date: "2026-04-01", base: "USD", quote: "EUR", rate: "0.9" }] };
    expectProblem(await upload(good, { token: key }), 403, "read_only_key");
    expectProblem(
      await api.request("DELETE", "/rates?base=USD&quote=EUR&from=2026-01-01&to=2026-12-31", { token: key }),
      403,
      "read_only_key",
    );
    expectProblem(
      await api.request("POST", "/rates/refresh", { token: key, body: { from: "2026-01-01", to: "2026-01-02" } }),
      403,
      "read_only_key",
    );
  });

  it("keeps each household's rates to itself", async () => {
    const other = await createHousehold(api, "Other");
    const theirs = other.alex.accessToken;
    expect((await list("", theirs)).items).toEqual([]);
    const mine = await list("?limit=200");
    const rate = { date: "2026-02-02", base: "USD", quote: "EUR", rate: "0.5" };
    expect((await upload({ rates: [rate] }, { token: theirs })).body).toEqual({
      inserted: 1,
      updated: 0,
      unchanged: 0,
    });
    const deleted = await api.request<{ deleted: number }>(
      "DELETE",
      "/rates?base=USD&quote=JPY&from=2000-01-01&to=2099-12-31",
      { token: theirs },
    );
    expect(deleted.body).toEqual({ deleted: 0 });
    expect(await list("?limit=200")).toEqual(mine);
    expect((await list("", theirs)).items.map((r) => r.rate)).toEqual(["0.5"]);
  });
});

describe("POST /rates/refresh", () => {
  let household: Awaited<ReturnType<typeof createHousehold>>;
  let member: string;
  const range = { from: "2026-01-02", to: "2026-01-06" };

  beforeAll(async () => {
    household = await createHousehold(api, "Travellers");
    member = household.alex.accessToken;
    for (const currency of ["USD", "EUR", "JPY", "BHD"]) await createAccount(api, member, { name: currency, currency });
  });

  it("answers 503 rates_provider_off when no provider is configured, and writes nothing", async () => {
    api.deps.rateProvider = null;
    const counts = await rowCounts(api);
    expectProblem(
      await api.request("POST", "/rates/refresh", { token: member, body: range }),
      503,
      "rates_provider_off",
    );
    expect(await rowCounts(api)).toEqual(counts);
  });

  it("fetches the household's currencies against its base, keeping the provider's digits", async () => {
    api.deps.rateProvider = frankfurterProvider({ baseUrl: providerUrl });
    frankfurterRequests.length = 0;
    const reply = await api.request("POST", "/rates/refresh", { token: member, body: range });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body).toEqual({
      provider: "frankfurter",
      base: "USD",
      quotes: ["BHD", "EUR", "JPY"],
      from: "2026-01-02",
      to: "2026-01-06",
      fetched: 6,
      inserted: 6,
      updated: 0,
      unchanged: 0,
      keptUploads: 0,
      withoutRates: ["BHD"],
    });
    expect(frankfurterRequests).toEqual(["/v1/currencies", "/v1/2026-01-02..2026-01-06?base=USD&symbols=EUR,JPY"]);
    const stored = await list("?base=USD&quote=EUR", member);
    expect(stored.items.map((r) => [r.date, r.rate, r.source])).toEqual([
      ["2026-01-06", "0.9", "provider"],
      ["2026-01-05", "0.915", "provider"],
      // 0.912345678901234567 rounded half-to-even to the 12 decimals stored.
      ["2026-01-02", "0.912345678901", "provider"],
    ]);
  });

  it("changes nothing when repeated, and never replaces an uploaded rate", async () => {
    const mine = { date: "2026-01-05", base: "USD", quote: "JPY", rate: "150" };
    expect((await upload({ rates: [mine] }, { token: member })).body).toMatchObject({ updated: 1 });
    const reply = await api.request("POST", "/rates/refresh", { token: member, body: range });
    expect(reply.body).toMatchObject({ inserted: 0, updated: 0, unchanged: 5, keptUploads: 1 });
    const jpy = await list("?base=USD&quote=JPY&from=2026-01-05&to=2026-01-05", member);
    expect(jpy.items.map((r) => [r.rate, r.source])).toEqual([["150", "upload"]]);
  });

  it("answers 503 rates_provider_failed when the provider fails, and writes nothing", async () => {
    frankfurterFails = true;
    try {
      const counts = await rowCounts(api);
      const problem = expectProblem(
        await api.request("POST", "/rates/refresh", { token: member, body: { from: "2026-01-07", to: "2026-01-08" } }),
        503,
        "rates_provider_failed",
      );
      expect(problem.detail).not.toContain("127.0.0.1");
      expect(await rowCounts(api)).toEqual(counts);
    } finally {
      frankfurterFails = false;
    }
  });

  it("validates the range", async () => {
    for (const body of [
      { from: "2026-01-06", to: "2026-01-02" },
      { from: "2025-01-01", to: "2026-01-02" },
      { from: "2026-01-01" },
      { from: "2026-01-01", to: "2026-01-02", base: "EUR" },
    ]) {
      expectProblem(await api.request("POST", "/rates/refresh", { token: member, body }), 422, "validation_failed");
    }
    const year = await api.request("POST", "/rates/refresh", {
      token: member,
      body: { from: "2025-01-07", to: "2026-01-07" },
    });
    expect(year.status).toBe(200);
  });
});

describe("loadConverter", () => {
  let householdId: string;

  beforeAll(async () => {
    const household = await createHousehold(api, "Converter");
    householdId = household.householdId;
    const rates = [
      { date: "2026-05-01", base: "USD", quote: "JPY", rate: "160" },
      { date: "2026-05-01", base: "BHD", quote: "USD", rate: "2.65" },
      { date: "2026-04-20", base: "USD", quote: "EUR", rate: "0.9" },
      { date: "2026-05-01", base: "EUR", quote: "GBP", rate: "0.85" },
    ];
    expect((await upload({ rates }, { token: household.alex.accessToken })).status).toBe(200);
    // Another household's rate for the same pair must never be used.
    await upload({ rates: [{ date: "2026-05-01", base: "USD", quote: "EUR", rate: "0.5" }] });
  });

  it("converts with the household's rates, borrowing at most 7 days back, or says it cannot", async () => {
    const converter = await loadConverter(api.deps.db, householdId, {
      base: "USD",
      from: "2026-05-01",
      to: "2026-05-31",
    });
    expect(converter.base).toBe("USD");
    // Sunday the 3rd borrows Friday the 1st's rate: ¥16,000 at 1/160 is $100.00.
    expect(converter.convert(-16_000, "JPY", "2026-05-03")).toEqual({
      amount: -10_000,
      rate: "0.00625",
      rateDate: "2026-05-01",
      inverse: true,
    });
    expect(converter.convert(1234, "BHD", "2026-05-08")).toMatchObject({ amount: 327, rate: "2.65" });
    expect(converter.convert(1234, "BHD", "2026-05-09")).toBeNull();
    // The EUR rate of 2026-04-20 is 11 days before the 1st: outside the loaded window and too old.
    expect(converter.convert(100, "EUR", "2026-05-01")).toBeNull();
    expect(converter.convert(100, "GBP", "2026-05-01")).toBeNull();
    expect(converter.convert(100, "USD", "2026-05-20")).toEqual({
      amount: 100,
      rate: "1",
      rateDate: "2026-05-20",
      inverse: false,
    });
  });

  it("loads the week before `from`, so the first days of a month convert", async () => {
    const converter = await loadConverter(api.deps.db, householdId, {
      base: "USD",
      from: "2026-04-25",
      to: "2026-04-30",
    });
    expect(converter.convert(900, "EUR", "2026-04-25")).toMatchObject({ amount: 1000, rateDate: "2026-04-20" });
    expect(converter.convert(900, "EUR", "2026-04-28")).toBeNull();
  });
});

describe("PATCH /household", () => {
  it("changes the base currency and the name", async () => {
    const household = await createHousehold(api, "Movers");
    const member = household.blair.accessToken;
    const reply = await api.request<{ baseCurrency: string; name: string }>("PATCH", "/household", {
      token: member,
      body: { baseCurrency: "EUR" },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id: household.householdId, name: "Movers", baseCurrency: "EUR" });
    const renamed = await api.request("PATCH", "/household", { token: member, body: { name: "Movers abroad" } });
    expect(renamed.body).toMatchObject({ name: "Movers abroad", baseCurrency: "EUR" });
    expect((await api.request("GET", "/household", { token: household.alex.accessToken })).body).toMatchObject({
      name: "Movers abroad",
      baseCurrency: "EUR",
    });
    expect((await api.request("GET", "/household", { token })).body).toMatchObject({ baseCurrency: "USD" });
  });

  it("validates, and refuses API keys", async () => {
    const counts = await rowCounts(api);
    for (const body of [
      { baseCurrency: "eur" },
      { baseCurrency: "EURO" },
      { baseCurrency: 978 },
      { name: "" },
      { id: "x" },
    ]) {
      expectProblem(await api.request("PATCH", "/household", { token, body }), 422, "validation_failed");
    }
    const key = (await api.request<{ key: string }>("POST", "/api-keys", { token, body: { name: "k" } })).body.key;
    const before = await rowCounts(api);
    expectProblem(await api.request("PATCH", "/household", { token: key, body: { baseCurrency: "EUR" } }), 403);
    expect(await rowCounts(api)).toEqual(before);
    expect(before.households).toBe(counts.households);
    expect((await api.request("GET", "/household", { token })).body).toMatchObject({ baseCurrency: "USD" });
  });
});
