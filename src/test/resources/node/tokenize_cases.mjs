// Loads a package's tokenizer.json with tokenizers.js (@huggingface/tokenizers) and prints, for
// each JSONL case {"id", "text"}, one JSON line {"id", "ids"} (encode without special tokens).
// Usage: node tokenize_cases.mjs <tokenizer.json> <cases.jsonl> <node_modules dir>
import fs from "fs";
import path from "path";
import { pathToFileURL } from "url";

const [, , tokenizerJson, casesFile, nodeModules] = process.argv;
const pkg = JSON.parse(fs.readFileSync(path.join(nodeModules, "@huggingface/tokenizers/package.json"), "utf8"));
const entry = pathToFileURL(path.join(nodeModules, "@huggingface/tokenizers", pkg.module || pkg.main)).href;
const { Tokenizer } = await import(entry);
const tokenizer = new Tokenizer(JSON.parse(fs.readFileSync(tokenizerJson, "utf8")), {});
for (const line of fs.readFileSync(casesFile, "utf8").split("\n")) {
  if (!line.trim()) continue;
  const c = JSON.parse(line);
  const ids = tokenizer.encode(c.text, { add_special_tokens: false }).ids;
  process.stdout.write(JSON.stringify({ id: c.id, ids: Array.from(ids, Number) }) + "\n");
}
