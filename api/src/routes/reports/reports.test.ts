import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem } from "../../../test/expect";
import { createAccount, createHousehold, createTestApi, type TestApi } from "../../../test/harness";
import { exchangeRates } from "../../db/schema";
import { keepLastMonthReports } from "../../reports/job";
import { settleUp } from "../../splits/settle-up";

interface Flows {
  income: number;
  spending: number;
  net: number;
}
interface Report {
  month: string;
  status: "kept" | "live";
  householdName: string;
  baseCurrency: string;
  generatedAt: string;
  totals: Flows;
  byCurrency: (Flows & { currency: string })[];
  categories: {
    categoryId: string | null;
    name: string;
    spent: number;
    budget: { available: number; availableInBase: number | null; percent: number | null; over: boolean } | null;
    children: { name: string; spent: number }[];
  }[];
  overallBudget: unknown;
  topMerchants: { merchant: string; amount: number; count: number }[];
  goals: { name: string; saved: number; percent: number }[];
  settleUp: { asOf: string; debts: { fromName: string; toName: string; amount: number; currency: string }[] };
  changes: {
    previousMonth: string;
    income: { change: number; percent: number | null };
    spending: { change: number; percent: number | null };
    grew: { name: string; change: number }[];
    shrank: { name: string; change: number }[];
    previousUnconverted: number;
  };
  unconverted: {
    count: number;
    byCurrency: { currency: string; count: number; income: number; spending: number }[];
    items: { description: string; amount: number; currency: string; date: string }[];
  };
}
interface History {
  items: { month: string; totals: Flows; unconvertedCount: number; generatedAt: string }[];
}

let api: TestApi;
let home: Awaited<ReturnType<typeof createHousehold>>;
let token: string;
const cat: Record<string, string> = {};
const tx: Record<string, string> = {};

async function category(name: string, body: Record<string, unknown> = {}) {
  const reply = await api.request<{ id: string }>("POST", "/categories", { token, body: { name, ...body } });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body.id;
}

async function post(key: string, body: Record<string, unknown>) {
  const reply = await api.request<{ id: string }>("POST", "/transactions", { token, body });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  tx[key] = reply.body.id;
}

/** 1 EUR = rate USD; none between Oct 7 and Oct 19, so Oct 18 is beyond the 7-day look-back. */
const RATES: [string, string][] = [
  ["2026-09-01", "1.10"],
  ["2026-09-15", "1.12"],
  ["2026-10-01", "1.15"],
  ["2026-10-06", "1.20"],
  ["2026-10-20", "1.25"],
];

beforeAll(async () => {
  api = await createTestApi();
  api.clock.set(new Date("2026-11-15T12:00:00Z"));
  home = await createHousehold(api, "The Test Household");
  token = home.alex.accessToken;
  const usd = (await createAccount(api, token, { name: "Alex checking", ownerId: home.alex.member.id })).id;
  const eur = (await createAccount(api, token, { name: "Euro", currency: "EUR" })).id;
  cat.food = await category("R Food");
  cat.dining = await category("R Dining", { parentId: cat.food });
  cat.travel = await category("R Travel");
  cat.salary = await category("R Salary", { kind: "income" });
  cat.move = await category("R Move", { kind: "transfer" });
  const t = (accountId: string, date: string, amount: number, description: string, categoryId: string | null) => ({
    accountId,
    date,
    amount,
    description,
    merchant: description,
    categoryId,
  });
  // September
  await post("sepPay", t(usd, "2026-09-01", 450_000, "Payroll", cat.salary!));
  await post("sepFood", t(usd, "2026-09-05", -20_000, "Grocer", cat.food!));
  await post("sepHotel", t(eur, "2026-09-16", -3_000, "Hotel", cat.travel!)); // 1.12 → 3,360
  await post("sepFlight", t(usd, "2026-09-20", -7_000, "Airline", cat.travel!));
  // October
  await post("pay", t(usd, "2026-10-01", 500_000, "Payroll", cat.salary!));
  await post("food", { ...t(usd, "2026-10-03", -12_345, "Grocer", cat.food!), split: { kind: "equal" } });
  await post("cafe", t(usd, "2026-10-04", -2_050, "Cafe", cat.dining!));
  await post("refund", t(usd, "2026-10-10", 1_000, "Grocer", cat.food!));
  await post("move", t(usd, "2026-10-12", -30_000, "To savings", cat.move!));
  await post("kiosk", t(usd, "2026-10-14", -999, "Kiosk", null));
  await post("pending", { ...t(usd, "2026-10-20", -5_000, "Grocer", cat.food!), pending: true });
  await post("hotel", t(eur, "2026-10-02", -4_321, "Hotel", cat.travel!)); // 1.15 → 4,969.15 → 4,969
  await post("cafeEur", t(eur, "2026-10-06", -1_001, "Cafe", cat.dining!)); // 1.20 → 1,201.2 → 1,201
  await post("bakery", t(eur, "2026-10-18", -2_500, "Bakery", cat.food!)); // no rate
  await post("bonus", t(eur, "2026-10-25", 10_000, "Bonus", cat.salary!)); // 1.25 → 12,500
  await api.deps.db.insert(exchangeRates).values(
    RATES.map(([date, rate]) => ({
      householdId: home.householdId,
      date,
      base: "EUR",
      quote: "USD",
      rate,
      source: "upload" as const,
    })),
  );
  const budget = await api.request("POST", "/budgets", {
    token,
    body: { categoryId: cat.food, amount: 15_000, period: "monthly", startDate: "2026-09-01" },
  });
  expect(budget.status, JSON.stringify(budget.body)).toBe(201);
  const goal = await api.request<{ id: string }>("POST", "/goals", {
    token,
    body: { name: "Rainy day", targetAmount: 100_000 },
  });
  await api.request("POST", `/goals/${goal.body.id}/contributions`, { token, body: { transactionIds: [tx.move] } });
});
afterAll(() => api.close());

const october = () => api.request<Report>("GET", "/reports/monthly?month=2026-10", { token });

// Independently: each amount converted at its own date's rate, rounded half to even to the cent.
const OCT = {
  income: 500_000 + 12_500,
  spending: 12_345 + 2_050 - 1_000 + 999 + 4_969 + 1_201,
  food: 12_345 - 1_000 + 2_050 + 1_201,
};
const SEP = { income: 450_000, spending: 20_000 + 3_360 + 7_000, food: 20_000, travel: 3_360 + 7_000 };

describe("GET /reports/monthly", () => {
  let first: Report;

  it("totals the month in the base currency, per transaction at its date's rate", async () => {
    const reply = await october();
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.headers.get("cache-control")).toBe("no-store");
    first = reply.body;
    expect(first).toMatchObject({ month: "2026-10", status: "kept", baseCurrency: "USD" });
    expect(first.householdName).toBe("The Test Household");
    expect(first.totals).toEqual({ income: OCT.income, spending: OCT.spending, net: OCT.income - OCT.spending });
    expect(first.byCurrency).toEqual([
      { currency: "USD", income: 500_000, spending: 14_394, net: 485_606 },
      { currency: "EUR", income: 10_000, spending: 4_321 + 1_001 + 2_500, net: 10_000 - 7_822 },
    ]);
  });

  it("says which amounts had no rate, and leaves them out", () => {
    expect(first.unconverted).toEqual({
      count: 1,
      byCurrency: [{ currency: "EUR", count: 1, income: 0, spending: 2_500 }],
      items: [expect.objectContaining({ description: "Bakery", amount: -2_500, currency: "EUR", date: "2026-10-18" })],
    });
  });

  it("sets categories next to their monthly budget, with subcategories rolled in", () => {
    const food = first.categories.find((c) => c.categoryId === cat.food)!;
    expect(food.spent).toBe(OCT.food);
    expect(food.children).toEqual([expect.objectContaining({ name: "R Dining", spent: 3_251 })]);
    expect(food.budget).toMatchObject({ available: 15_000, availableInBase: 15_000, over: false });
    expect(food.budget!.percent).toBe(Math.round((OCT.food / 15_000) * 1000) / 10);
    expect(first.categories.map((c) => [c.name, c.spent])).toEqual([
      ["R Food", OCT.food],
      ["R Travel", 4_969],
      ["Uncategorised", 999],
    ]);
  });

  it("ranks merchants, shows goals and the settle-up as of the month's end", async () => {
    expect(first.topMerchants).toEqual([
      { merchant: "Grocer", amount: 11_345, count: 2 },
      { merchant: "Hotel", amount: 4_969, count: 1 },
      { merchant: "Cafe", amount: 3_251, count: 2 },
      { merchant: "Kiosk", amount: 999, count: 1 },
    ]);
    expect(first.goals).toEqual([expect.objectContaining({ name: "Rainy day", saved: 30_000, percent: 30 })]);
    const truth = await settleUp(api.deps.db, home.householdId, { from: null, to: "2026-10-31", limit: 0 });
    const owed = truth.balances.filter((b) => b.debt);
    expect(first.settleUp.asOf).toBe("2026-10-31");
    expect(first.settleUp.debts.map((d) => [d.currency, d.amount])).toEqual(
      owed.map((b) => [b.currency, b.debt!.amount]),
    );
    expect(first.settleUp.debts[0]).toMatchObject({ fromName: "Blair", toName: "Alex", currency: "USD" });
  });

  it("compares with the previous month by the documented rule", () => {
    const c = first.changes;
    expect(c.previousMonth).toBe("2026-09");
    expect(c.income).toMatchObject({ change: OCT.income - SEP.income, percent: 13.9 });
    expect(c.spending).toMatchObject({ change: OCT.spending - SEP.spending, percent: -32.3 });
    expect(c.grew.map((g) => [g.name, g.change])).toEqual([["Uncategorised", 999]]);
    expect(c.shrank.map((g) => [g.name, g.change])).toEqual([
      ["R Food", OCT.food - SEP.food],
      ["R Travel", 4_969 - SEP.travel],
    ]);
    expect(c.previousUnconverted).toBe(0);
  });

  it("keeps a finished month as it was until it is regenerated", async () => {
    const edit = await api.request("PATCH", `/transactions/${tx.food}`, { token, body: { amount: -22_345 } });
    expect(edit.status).toBe(200);
    api.clock.advance(60_000);
    expect((await october()).body).toEqual(first);

    const history = await api.request<History>("GET", "/reports", { token });
    expect(history.body.items).toEqual([
      {
        month: "2026-10",
        baseCurrency: "USD",
        generatedAt: first.generatedAt,
        totals: first.totals,
        unconvertedCount: 1,
      },
    ]);

    const again = await api.request<Report>("POST", "/reports/monthly?month=2026-10", { token });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.totals.spending).toBe(OCT.spending + 10_000);
    expect(again.body.generatedAt).not.toBe(first.generatedAt);
    expect((await october()).body).toEqual(again.body);
  });

  it("builds the current month live and never keeps it", async () => {
    const reply = await api.request<Report>("GET", "/reports/monthly", { token });
    expect(reply.body).toMatchObject({ month: "2026-11", status: "live", totals: { income: 0, spending: 0 } });
    expect(reply.body.changes.previousMonth).toBe("2026-10");
    const history = await api.request<History>("GET", "/reports", { token });
    expect(history.body.items.map((i) => i.month)).toEqual(["2026-10"]);
  });

  it("lists kept months newest first", async () => {
    expect((await api.request("GET", "/reports/monthly?month=2026-08", { token })).status).toBe(200);
    expect((await api.request("GET", "/reports/monthly?month=2026-09", { token })).status).toBe(200);
    const history = await api.request<History>("GET", "/reports", { token });
    expect(history.body.items.map((i) => i.month)).toEqual(["2026-10", "2026-09", "2026-08"]);
    expect(history.body.items[1]!.totals.spending).toBe(SEP.spending);
  });

  it("refuses a month that has not begun, and bad months", async () => {
    const future = expectProblem(await api.request("GET", "/reports/monthly?month=2026-12", { token }), 422);
    expect(future.code).toBe("future_month");
    expectProblem(await api.request("POST", "/reports/monthly?month=2027-01", { token }), 422, "future_month");
    for (const month of ["2026-13", "2026-1", "october"]) {
      expectProblem(await api.request("GET", `/reports/monthly?month=${month}`, { token }), 422, "validation_failed");
    }
    expectProblem(await api.request("POST", "/reports/monthly", { token }), 422, "validation_failed");
  });

  it("lets a read-only key read but not regenerate", async () => {
    const key = await api.request<{ key: string }>("POST", "/api-keys", { token, body: { name: "reader" } });
    const read = await api.request<Report>("GET", "/reports/monthly?month=2026-10", { token: key.body.key });
    expect(read.status).toBe(200);
    const before = (await api.request<History>("GET", "/reports", { token })).body;
    const write = await api.request("POST", "/reports/monthly?month=2026-10", { token: key.body.key });
    expectProblem(write, 403, "read_only_key");
    expect((await api.request<History>("GET", "/reports", { token })).body).toEqual(before);
  });

  it("shows another household only its own data", async () => {
    const other = await createHousehold(api, "Next Door");
    const account = await createAccount(api, other.alex.accessToken, { currency: "USD" });
    await api.request("POST", "/transactions", {
      token: other.alex.accessToken,
      body: { accountId: account.id, date: "2026-10-09", amount: -777, description: "Corner shop" },
    });
    const theirs = await api.request<Report>("GET", "/reports/monthly?month=2026-10", {
      token: other.alex.accessToken,
    });
    expect(theirs.body.householdName).toBe("Next Door");
    expect(theirs.body.totals).toEqual({ income: 0, spending: 777, net: -777 });
    expect(theirs.body.goals).toEqual([]);
    expect(theirs.body.unconverted.count).toBe(0);
    const text = JSON.stringify(theirs.body);
    for (const id of Object.values(cat)) expect(text).not.toContain(id);
    const list = await api.request<History>("GET", "/reports", { token: other.alex.accessToken });
    expect(list.body.items.map((i) => [i.month, i.totals.spending])).toEqual([["2026-10", 777]]);
    // And ours is untouched by theirs.
    expect((await october()).body.householdName).toBe("The Test Household");
  });

  it("keeps last month's report for every household once the month is over, once", async () => {
    const december = new Date("2026-12-02T06:00:00Z");
    expect(await keepLastMonthReports(api.deps.db, december)).toEqual({ kept: 2 });
    expect(await keepLastMonthReports(api.deps.db, december)).toEqual({ kept: 0 });
    const history = await api.request<History>("GET", "/reports", { token });
    expect(history.body.items.map((i) => i.month)).toEqual(["2026-11", "2026-10", "2026-09", "2026-08"]);
    expect(history.body.items[0]!.generatedAt).toBe(december.toISOString());
  });
});

/** Runs a poppler tool; poppler missing is a failure with a way out, never a skip. */
function poppler(tool: string, args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: "latin1", maxBuffer: 32 * 1024 * 1024 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new Error(
        `${tool} (Debian's poppler-utils) is required by the PDF report test: apt-get install poppler-utils, or run infra/scripts/ensure-debian-tools.sh`,
      );
    }
    throw error;
  }
}

/** Share of pixels that are not (near) white in a binary PGM (P5) image. */
function inkShare(pgm: Buffer): number {
  const header = /^P5\s+(?:#[^\n]*\s+)*(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 200).toString("latin1"));
  if (!header) throw new Error("not a binary PGM image");
  const [whole, w, h, max] = header.map(Number) as [number, number, number, number];
  expect(max).toBeLessThan(256);
  const pixels = pgm.subarray(header[0].length, header[0].length + w * h);
  expect(pixels.length).toBe(w * h);
  void whole;
  let ink = 0;
  for (const value of pixels) if (value < max * 0.9) ink++;
  return ink / pixels.length;
}

describe("the PDF report", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "tandem-report-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is an A4 PDF download, the same bytes each time, with the report's totals in its text", async () => {
    const path = "/reports/monthly?month=2026-10&format=pdf";
    const response = await api.app.request(path, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="tandem-2026-10.pdf"');
    expect(response.headers.get("cache-control")).toBe("no-store");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const viaAccept = await api.app.request("/reports/monthly?month=2026-10", {
      headers: { authorization: `Bearer ${token}`, accept: "application/pdf" },
    });
    expect(viaAccept.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await viaAccept.arrayBuffer()).equals(bytes)).toBe(true);

    const file = join(dir, "report.pdf");
    writeFileSync(file, bytes);
    poppler("pdftoppm", ["-r", "40", "-gray", "-f", "1", "-l", "1", "-singlefile", file, join(dir, "page")]);
    const pgm = readFileSync(join(dir, "page.pgm"));
    // A4 at 40 dpi is about 331 x 468 pixels.
    expect(pgm.subarray(0, 2).toString()).toBe("P5");
    expect(inkShare(pgm)).toBeGreaterThan(0.03);

    const report = (await october()).body;
    const text = poppler("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"]);
    expect(text).toContain("The Test Household");
    expect(text).toContain("October 2026");
    const dollars = (minor: number) =>
      `$${(minor / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    for (const amount of [report.totals.income, report.totals.spending, report.totals.net]) {
      expect(text).toContain(dollars(amount));
    }
    expect(text).toContain("Not converted");
    expect(text).toContain("Bakery");
    const debt = report.settleUp.debts[0]!;
    expect(text).toContain(`${debt.fromName} owes ${debt.toName} ${dollars(debt.amount)}`);
  });

  it("renders the live month too, without a Not converted section when all converted", async () => {
    const response = await api.app.request("/reports/monthly?format=pdf", {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const file = join(dir, "live.pdf");
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const text = poppler("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"]);
    expect(text).toContain("November 2026");
    expect(text).not.toContain("Not converted");
  });
});
