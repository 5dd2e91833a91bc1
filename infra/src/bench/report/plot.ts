/**
 * The scale curve as a PNG: Plot (and d3, which its UMD build needs) loaded into a blank
 * Chromium page from node_modules, two log-log charts drawn there, the element screenshotted.
 */
import { resolve } from "node:path";
import type { Browser } from "playwright-core";

/** The workspace root, where npm hoists d3 and Plot (the dashboard's dependencies). */
const MODULES = resolve(import.meta.dirname, "../../../../node_modules");

const DRAW = `({ ingest, queries }) => {
  const chart = (data, label) =>
    Plot.plot({
      width: 640,
      height: 460,
      marginRight: 20,
      x: { type: "log", label: "transactions →", grid: true, tickFormat: "~s" },
      y: { type: "log", label: "↑ " + label, grid: true },
      color: { legend: true, columns: 2 },
      marks: [
        Plot.line(data, { x: "rows", y: "value", stroke: "series", marker: "circle" }),
      ],
    });
  document.getElementById("a").append(chart(ingest, "seconds (ingest, median)"));
  document.getElementById("b").append(chart(queries, "ms (query p50)"));
}`;

export interface Point {
  series: string;
  rows: number;
  value: number;
}

export async function renderScalePng(
  browser: Browser,
  ingest: Point[],
  queries: Point[],
  title: string,
  file: string,
): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 700 }, deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    await page.setContent(
      `<!doctype html><html><body style="margin:0;font:13px sans-serif;background:#fff">
       <div id="out" style="display:inline-block;padding:16px"><h3 style="margin:0 0 8px">${title}</h3>
       <div style="display:flex;gap:24px"><div id="a"></div><div id="b"></div></div></div></body></html>`,
    );
    await page.addScriptTag({ path: resolve(MODULES, "d3/dist/d3.min.js") });
    await page.addScriptTag({ path: resolve(MODULES, "@observablehq/plot/dist/plot.umd.min.js") });
    // A string, not a function: tsx (esbuild keepNames) would wrap named functions in a
    // __name() helper that exists in Node, not in the page.
    await page.evaluate(`(${DRAW})(${JSON.stringify({ ingest, queries })})`);
    await page.locator("#out").screenshot({ path: file });
  } finally {
    await context.close();
  }
}
