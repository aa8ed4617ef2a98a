// Builds dist/: the widget script (socket.io-client bundled in, nothing loaded from a CDN), its
// stylesheet, and the demo pages. Run with: npm ci && npm run build (make widget does both).
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";

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
copyFileSync("demo/index.html", "dist/index.html");
copyFileSync("demo/over.html", "dist/over.html");
console.log("widget built: dist/rugpoli-chat.js, dist/rugpoli-chat.css, dist/index.html");
