// Builds dist/: the widget script (socket.io-client bundled in, nothing loaded from a CDN), its
// stylesheet, and the demo pages. Run with: npm ci && npm run build (make widget does both).
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

mkdirSync("dist", { recursive: true });
await build({
  entryPoints: ["src/rugpoli-chat.js"],
  bundle: true,
  format: "iife",
  target: ["es2020"],
  minify: true,
  sourcemap: false,
  outfile: "dist/rugpoli-chat.js",
  logLevel: "warning",
});
copyFileSync("src/rugpoli-chat.css", "dist/rugpoli-chat.css");
// The demo site's second page (to show the conversation continuing across pages) is the first
// with another heading and a link back.
const page = readFileSync("demo/index.html", "utf8");
writeFileSync("dist/index.html", page);
writeFileSync("dist/over.html", page
  .replace("<h1>Rugpoli: lage rugklachten</h1>", "<h1>Over de rugpoli</h1>")
  .replace('<a href="over.html">Over de rugpoli</a>', '<a href="index.html">Terug naar lage rugklachten</a>'));
console.log("widget built: dist/rugpoli-chat.js, dist/rugpoli-chat.css, dist/index.html");
