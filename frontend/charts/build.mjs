// Bundles entry.js into the pulse app's static files and copies ECharts' licence beside it.
import { copyFileSync, readFileSync } from "node:fs";
import { build } from "esbuild";

const out = "../../murmuration/pulse/static/pulse/vendor";
const version = JSON.parse(readFileSync("node_modules/echarts/package.json", "utf8")).version;

await build({
  entryPoints: ["entry.js"],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2019",
  legalComments: "eof",
  banner: { js: `/*! Apache ECharts ${version} (custom build) | Apache-2.0 | see LICENSE-echarts.txt */` },
  outfile: `${out}/echarts.min.js`,
});
copyFileSync("node_modules/echarts/LICENSE", `${out}/LICENSE-echarts.txt`);
copyFileSync("node_modules/echarts/NOTICE", `${out}/NOTICE-echarts.txt`);
// ZRender, which draws for ECharts, is in the bundle under its own BSD licence.
copyFileSync("node_modules/zrender/LICENSE", `${out}/LICENSE-zrender.txt`);
