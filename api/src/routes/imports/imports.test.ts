import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem, rowCounts } from "../../../test/expect";
import { createAccount, createHousehold, createTestApi, type Reply, type TestApi } from "../../../test/harness";

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../../test/fixtures/imports/${name}`, import.meta.url)));

interface ImportReply {
  id: string | null;
  format: string;
  encoding: string;
  mappingSaved: boolean;
  counts: { rows: number; errors: number; duplicates: number; new: number; inserted: number };
  rows: { line: number; amount: number; duplicate: string | null; sourceId: string }[];
  errors: { line: number | null; message: string }[];
}

const US_MAPPING = {
  date: "Posting Date",
  dateFormat: "MM/DD/YYYY",
  amount: "Amount",
  description: "Description",
  thousandsSeparator: ",",
};

let api: TestApi;
let token: string;
let accountId: string;
let euroAccountId: string;

async function send<T = ImportReply>(init: RequestInit & { path?: string; authToken?: string }): Promise<Reply<T>> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${init.authToken ?? token}`);
  const response = await api.app.request(init.path ?? "/imports", { ...init, method: init.method ?? "POST", headers });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: response.status, body: body as T, headers: response.headers };
}

/** Multipart, as a browser form sends it. */
function upload(file: Uint8Array<ArrayBuffer> | string, fields: Record<string, string>, name = "statement.csv") {
  const form = new FormData();
  form.set("file", new Blob([file]), name);
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  return send({ body: form });
}

/** A raw body with the options in the query, as the CLI sends it. */
function raw(
  file: Uint8Array<ArrayBuffer> | string,
  query: Record<string, string>,
  contentType = "application/octet-stream",
) {
  return send({ path: `/imports?${new URLSearchParams(query)}`, body: file, headers: { "content-type": contentType } });
}

beforeAll(async () => {
  api = await createTestApi();
  const home = await createHousehold(api);
  token = home.alex.accessToken;
  accountId = (await createAccount(api, token)).id;
  euroAccountId = (await createAccount(api, token, { name: "Girokonto", currency: "EUR" })).id;
});
afterAll(() => api.close());

const countTransactions = async () => (await rowCounts(api)).transactions;

describe("CSV preview and commit", () => {
  it("previews without writing, then commits, saving the mapping", async () => {
    const before = await rowCounts(api);
    const preview = await upload(fixture("us-bank.csv"), { accountId, mapping: JSON.stringify(US_MAPPING) });
    expect(preview.status).toBe(200);
    expect(preview.body.counts).toEqual({ rows: 6, errors: 0, duplicates: 0, new: 6, inserted: 0 });
    expect(preview.body.id).toBeNull();
    expect(preview.body.rows[0]).toMatchObject({ line: 2, amount: -4217, duplicate: null });
    expect(await rowCounts(api)).toEqual(before);

    const commit = await upload(fixture("us-bank.csv"), {
      accountId,
      mode: "commit",
      mapping: JSON.stringify(US_MAPPING),
    });
    expect(commit.status).toBe(200);
    expect(commit.body.counts.inserted).toBe(6);
    expect(commit.body.mappingSaved).toBe(true);
    expect(commit.body.id).toBeTruthy();

    const txns = await api.request<{ items: { source: string; amount: number; description: string }[] }>(
      "GET",
      `/transactions?accountId=${accountId}&limit=50`,
      { token },
    );
    expect(txns.body.items).toHaveLength(6);
    expect(txns.body.items.every((t) => t.source === "csv")).toBe(true);

    const mappings = await api.request<{ items: { accountId: string; mapping: { date: string } }[] }>(
      "GET",
      "/imports/mappings",
      { token },
    );
    expect(mappings.body.items).toEqual([
      expect.objectContaining({ accountId, mapping: expect.objectContaining({ date: "Posting Date" }) }),
    ]);
    const batches = await api.request<{ items: { id: string; inserted: number; fileName: string }[] }>(
      "GET",
      "/imports",
      {
        token,
      },
    );
    expect(batches.body.items[0]).toMatchObject({ id: commit.body.id, inserted: 6, fileName: "statement.csv" });
  });

  it("changes nothing when the same file is imported again, using the saved mapping", async () => {
    const before = await rowCounts(api);
    const again = await raw(fixture("us-bank.csv"), { accountId, mode: "commit" }, "text/csv");
    expect(again.status).toBe(200);
    expect(again.body.counts).toMatchObject({ rows: 6, duplicates: 6, inserted: 0 });
    expect(again.body.rows.every((r) => r.duplicate === "source_id")).toBe(true);
    expect(await rowCounts(api)).toEqual(before);
  });

  it("skips rows matching existing ones by account, date, amount and description", async () => {
    const manual = await api.request("POST", "/transactions", {
      token,
      body: { accountId, date: "2026-04-01", amount: -999, description: "Corner Shop" },
    });
    expect(manual.status).toBe(201);
    const file = "Posting Date,Description,Amount\n04/01/2026,CORNER SHOP,-9.99\n04/02/2026,Other,-1.00\n";
    const reply = await raw(file, {
      accountId,
      mode: "commit",
      mapping: JSON.stringify({ ...US_MAPPING, thousandsSeparator: "" }),
    });
    expect(reply.body.counts).toMatchObject({ rows: 2, duplicates: 1, inserted: 1 });
    expect(reply.body.rows[0]!.duplicate).toBe("existing");
  });

  it("writes nothing from a file with any bad row, and names the lines", async () => {
    const before = await rowCounts(api);
    const file =
      "Posting Date,Description,Amount\n05/01/2026,Good,-1.00\n05/32/2026,Bad date,-1.00\n05/03/2026,Bad amount,x\n";
    const preview = await raw(file, { accountId });
    expect(preview.status).toBe(200);
    expect(preview.body.errors.map((e) => e.line)).toEqual([3, 4]);
    const commit = await raw(file, { accountId, mode: "commit" });
    const problem = expectProblem(commit, 422, "import_has_errors");
    expect(problem.errors?.map((e) => e.path)).toEqual(["line 3", "line 4"]);
    expect(await rowCounts(api)).toEqual(before);
  });

  it("refuses bad requests with stable codes", async () => {
    expectProblem(await raw("a,b\n", { accountId: "nope" }), 422, "validation_failed");
    expectProblem(await raw("x", { accountId, mapping: "{not json" }), 422, "validation_failed");
    expectProblem(await raw("", { accountId }), 422, "validation_failed");
    expectProblem(await raw("a,b\n1,2\n", { accountId: crypto.randomUUID() }), 422, "unknown_account");
    expectProblem(await raw("When,What\n1,2\n", { accountId: euroAccountId }), 422, "mapping_required");
    expectProblem(
      await raw("When,What\n1,2\n", { accountId, mapping: JSON.stringify({ ...US_MAPPING, date: "Nope" }) }),
      422,
      "mapping_column_missing",
    );
    expectProblem(await raw("x", { accountId }, "application/json"), 415, "unsupported_media_type");
    expectProblem(await raw(fixture("chase-sgml.ofx"), { accountId: euroAccountId }), 422, "currency_mismatch");
  });

  it("accepts a Latin-1 European file for a euro account", async () => {
    const mapping = {
      skipRows: 3,
      date: "Buchungstag",
      dateFormat: "DD.MM.YYYY",
      amount: "Betrag",
      decimalSeparator: ",",
      thousandsSeparator: ".",
      description: ["Auftraggeber/Empfänger", "Verwendungszweck"],
    };
    const reply = await upload(fixture("de-bank.csv"), {
      accountId: euroAccountId,
      mode: "commit",
      mapping: JSON.stringify(mapping),
    });
    expect(reply.status).toBe(200);
    expect(reply.body.encoding).toBe("windows-1252");
    expect(reply.body.counts.inserted).toBe(4);
  });
});

describe("OFX and QIF", () => {
  it("imports OFX by FITID, and a second time changes nothing", async () => {
    const first = await raw(fixture("chase-sgml.ofx"), { accountId, mode: "commit" }, "application/x-ofx");
    expect(first.status).toBe(200);
    expect(first.body.format).toBe("ofx");
    expect(first.body.counts.inserted).toBe(3);
    const count = await countTransactions();
    const second = await raw(fixture("chase-sgml.ofx"), { accountId, mode: "commit" });
    expect(second.body.counts).toMatchObject({ inserted: 0, duplicates: 3 });
    expect(await countTransactions()).toBe(count);
  });

  it("imports QIF", async () => {
    const reply = await upload(fixture("bank.qif"), { accountId, mode: "commit" }, "bank.qif");
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ format: "qif", counts: { inserted: 3 } });
  });
});

describe("limits and credentials", () => {
  it("takes files over 1 MB and refuses ones over 50 MB with 413", async () => {
    const lines = ["Posting Date,Description,Amount"];
    for (let i = 0, size = 0; size < 2 * 1024 * 1024; i++) {
      const line = `06/${String((i % 28) + 1).padStart(2, "0")}/2026,Row ${i},-${(i % 900) + 1}.00`;
      lines.push(line);
      size += line.length + 1;
    }
    const big = await raw(`${lines.join("\n")}\n`, { accountId });
    expect(big.status).toBe(200);
    expect(big.body.counts.rows).toBe(lines.length - 1);
    expect(big.body.rows).toHaveLength(500);

    const huge = new Uint8Array(50 * 1024 * 1024 + 1).fill(65);
    expectProblem(await raw(huge, { accountId }), 413, "payload_too_large");
    expectProblem(
      await send({
        path: `/imports?accountId=${accountId}`,
        body: huge,
        headers: { "content-type": "text/csv", "content-length": String(huge.length) },
      }),
      413,
      "payload_too_large",
    );
  });

  it("keeps the 1 MB limit on other routes", async () => {
    const reply = await api.request("POST", "/transactions", {
      token,
      body: { accountId, date: "2026-03-01", amount: 1, description: "x".repeat(2 * 1024 * 1024) },
    });
    expectProblem(reply, 413, "payload_too_large");
  });

  it("refuses read-only API keys", async () => {
    const key = (await api.request<{ key: string }>("POST", "/api-keys", { token, body: { name: "ro" } })).body.key;
    const reply = await send({
      path: `/imports?accountId=${accountId}`,
      body: "a,b\n",
      headers: { "content-type": "text/csv" },
      authToken: key,
    });
    expectProblem(reply, 403, "read_only_key");
    const list = await api.request("GET", "/imports", { token: key });
    expect(list.status).toBe(200);
  });
});
