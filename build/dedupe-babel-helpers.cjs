// Turbopack loader (next.config.ts, turbopack.rules) for recharts' ES modules: removes the Babel
// helpers each module carries inline when the line is byte-identical to the one in
// build/babel-helpers.js, and imports that shared copy instead. Anything else is left as it is:
// a helper that differs stays inline, so a new recharts can only make the chunk bigger, never
// change what runs. Removed lines are left empty and the import shares the first line, so line
// numbers (and source maps) do not move.
const { readFileSync } = require("node:fs");
const path = require("node:path");

const HELPERS = path.join(__dirname, "babel-helpers.js");

/** @type {Map<string, string> | undefined} helper line as Babel writes it → helper name */
let known;
function helperLines() {
  known ??= new Map(
    readFileSync(HELPERS, "utf8")
      .split("\n")
      .filter((line) => line.startsWith("export function "))
      .map((line) => {
        const text = line.slice("export ".length);
        return [text, /^function (\w+)\(/.exec(text)[1]];
      }),
  );
  return known;
}

/** @param {string} source @param {string} file the module's path (to write a relative import) */
function dedupeBabelHelpers(source, file) {
  const lines = helperLines();
  const names = [];
  const out = source.split("\n").map((line) => {
    const name = lines.get(line);
    if (name === undefined) return line;
    names.push(name);
    return "";
  });
  if (names.length === 0) return source;
  let from = path.relative(path.dirname(file), HELPERS).split(path.sep).join("/");
  if (!from.startsWith(".")) from = `./${from}`;
  out[0] = `import { ${names.join(", ")} } from ${JSON.stringify(from)}; ${out[0]}`;
  return out.join("\n");
}

module.exports = function loader(source) {
  return dedupeBabelHelpers(source, this.resourcePath);
};
module.exports.dedupeBabelHelpers = dedupeBabelHelpers;
module.exports.helperLines = helperLines;
