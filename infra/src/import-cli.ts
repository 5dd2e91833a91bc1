/**
 * Scripted file imports over the API:
 *
 *   npm run import -- --account <id> [--api URL] [--token T] [--format csv|ofx|qif]
 *                     [--mapping mapping.json] [--preview] statement.csv
 *
 * The token may come from TANDEM_TOKEN (a member's access token: API keys are read-only).
 * The file is streamed as the raw request body, so the bar shows real upload progress.
 */
import { createReadStream, readFileSync, statSync } from "node:fs";
import { basename, extname } from "node:path";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";

interface ImportReply {
  id: string | null;
  mode: string;
  format: string;
  encoding: string;
  counts: { rows: number; errors: number; duplicates: number; new: number; inserted: number };
  errors: { line: number | null; message: string }[];
  headers: string[] | null;
}

const USAGE =
  "usage: npm run import -- --account <id> [--api URL] [--token T] [--format csv|ofx|qif] [--mapping file.json] [--preview] <file>";

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const FORMAT_BY_EXTENSION: Record<string, string> = { ".csv": "csv", ".ofx": "ofx", ".qfx": "ofx", ".qif": "qif" };

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      account: { type: "string" },
      api: { type: "string", default: process.env.TANDEM_API_URL ?? "http://localhost:8787" },
      token: { type: "string" },
      format: { type: "string" },
      mapping: { type: "string" },
      preview: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const file = positionals[0];
  if (!file || !values.account) fail(USAGE);
  const token = values.token ?? process.env.TANDEM_TOKEN;
  if (!token) fail("Give --token or set TANDEM_TOKEN");
  const format = values.format ?? FORMAT_BY_EXTENSION[extname(file).toLowerCase()];
  if (format && !["csv", "ofx", "qif"].includes(format)) fail(`--format must be csv, ofx or qif, not ${format}`);

  const query = new URLSearchParams({
    accountId: values.account,
    mode: values.preview ? "preview" : "commit",
    fileName: basename(file),
  });
  if (format) query.set("format", format);
  if (values.mapping) {
    try {
      query.set("mapping", JSON.stringify(JSON.parse(readFileSync(values.mapping, "utf8"))));
    } catch (error) {
      fail(`Cannot read the mapping ${values.mapping}: ${(error as Error).message}`);
    }
  }

  const size = statSync(file).size;
  const bar = new cliProgress.SingleBar(
    { format: "upload [{bar}] {percentage}% | {value}/{total} bytes", hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(size, 0);
  let sent = 0;
  const stream = createReadStream(file);
  stream.on("data", (chunk) => {
    sent += chunk.length;
    bar.update(sent);
  });

  let response: Response;
  try {
    response = await fetch(`${values.api.replace(/\/$/, "")}/imports?${query}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/octet-stream",
        "content-length": String(size),
      },
      body: Readable.toWeb(stream) as ReadableStream<Uint8Array>,
      duplex: "half",
    } as RequestInit);
  } catch (error) {
    bar.stop();
    fail(`Cannot reach the API at ${values.api}: ${(error as Error).message}`);
  }
  bar.update(size);
  bar.stop();

  const body = (await response.json().catch(() => null)) as (ImportReply & { code?: string; detail?: string }) | null;
  if (!response.ok || !body) {
    console.error(`Import refused (${response.status} ${body?.code ?? ""}): ${body?.detail ?? "no details"}`);
    const problems = (body?.errors ?? []) as { path?: string; message: string }[];
    for (const error of problems.slice(0, 20)) console.error(`  ${error.path ?? ""} ${error.message}`);
    process.exit(1);
  }
  const { counts } = body;
  console.log(
    `${body.mode === "commit" ? "Imported" : "Preview of"} ${basename(file)} (${body.format}, ${body.encoding}): ` +
      `${counts.rows} rows, ${counts.new} new, ${counts.duplicates} duplicates, ${counts.errors} errors, ${counts.inserted} inserted`,
  );
  for (const error of body.errors.slice(0, 20)) console.log(`  line ${error.line ?? "?"}: ${error.message}`);
  if (body.errors.length > 20) console.log(`  … and ${counts.errors - 20} more`);
  if (body.mode === "preview" && counts.errors > 0) process.exit(2);
}

await main();
