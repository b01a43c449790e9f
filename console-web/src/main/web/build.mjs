// Builds the two bundles the console needs from the same components:
//   server.js  evaluated by GraalJS on the JVM; defines globalThis.renderPage(propsJson) -> html
//   client-<hash>.js  loaded by the browser; hydrates the server's markup with the same props
// and copies the stylesheet. manifest.json tells the server the hashed file names.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const out = process.env.CONSOLE_OUT ?? "dist";
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "assets"), { recursive: true });

const common = {
  bundle: true,
  minify: true,
  legalComments: "none",
  target: "es2020",
  jsx: "automatic",
  define: { "process.env.NODE_ENV": '"production"' },
  write: false,
  logLevel: "warning",
};

const server = await build({ ...common, entryPoints: ["src/server.tsx"], format: "iife", platform: "neutral", mainFields: ["browser", "module", "main"], conditions: ["browser"] });
writeFileSync(join(out, "server.js"), server.outputFiles[0].contents);

const client = await build({ ...common, entryPoints: ["src/client.tsx"], format: "iife", platform: "browser" });
const hashed = (name, ext, bytes) => {
  const h = createHash("sha256").update(bytes).digest("hex").slice(0, 12);
  const file = `${name}-${h}.${ext}`;
  writeFileSync(join(out, "assets", file), bytes);
  return file;
};
const manifest = {
  client: hashed("client", "js", client.outputFiles[0].contents),
  stylesheet: hashed("console", "css", readFileSync("src/console.css")),
};
writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
