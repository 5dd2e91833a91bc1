/**
 * Serves the built dashboard like its static host: Framework's clean URLs (/spending →
 * spending.html) and exactly the response headers render.yaml declares for the static site
 * (security headers, long caching for content-hashed assets and none for pages), so local
 * runs and the browser tests live under production's policy. The data files are sealed;
 * serving them is safe without login.
 */
import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { extname, join, normalize, resolve } from "node:path";
import { PortInUseError } from "@tandem/api";
import { type HeaderRule, staticSiteHeaderRules } from "../render/blueprint";
import { headersFor } from "../render/headers";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".ico": "image/x-icon",
};

/** The file a URL path names, with clean URLs; null when there is none (or it escapes root). */
export function resolvePage(root: string, urlPath: string): string | null {
  const decoded = decodeURIComponent(urlPath.split("?")[0]!);
  const path = normalize(join(root, decoded));
  if (!path.startsWith(resolve(root))) return null;
  const candidates = decoded.endsWith("/")
    ? [join(path, "index.html")]
    : [path, `${path}.html`, join(path, "index.html")];
  return candidates.find((file) => existsSync(file) && statSync(file).isFile()) ?? null;
}

export interface DashboardServer {
  url: string;
  close(): Promise<void>;
}

export function serveDashboard(
  root: string,
  port: number,
  hostname = "0.0.0.0",
  headerRules: HeaderRule[] = staticSiteHeaderRules(),
): Promise<DashboardServer> {
  const server: Server = createServer(async (request, response) => {
    const url = request.url ?? "/";
    const declared = headersFor(headerRules, url);
    const file = request.method === "GET" || request.method === "HEAD" ? resolvePage(root, url) : null;
    const notFound = file ? null : resolvePage(root, "/404");
    const path = file ?? notFound;
    if (!path) {
      response.writeHead(404, { ...declared, "Content-Type": "text/plain" }).end("Not found");
      return;
    }
    response.writeHead(file ? 200 : 404, {
      ...declared,
      "Content-Type": TYPES[extname(path)] ?? "application/octet-stream",
    });
    response.end(request.method === "HEAD" ? undefined : await readFile(path));
  });
  return new Promise((resolveServer, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new PortInUseError(`Port ${port} is already in use; set DASHBOARD_PORT to serve the dashboard elsewhere.`)
          : error,
      ),
    );
    server.listen(port, hostname, () => {
      const address = server.address();
      resolveServer({
        url: `http://localhost:${typeof address === "object" && address ? address.port : port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
