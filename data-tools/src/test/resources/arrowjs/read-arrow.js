// Second Arrow reader for the interoperability test: reads each IPC file given on the command
// line with the apache-arrow npm package and prints {file: {metadata, numRows, fields, rows}} as
// JSON (int64 as decimal strings, lists and structs as plain arrays and objects).
'use strict';
const fs = require('fs');
const path = require('path');
const { tableFromIPC } = require(path.join(process.env.ARROW_JS_DIR, 'node_modules', 'apache-arrow'));

function plain(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (ArrayBuffer.isView(v)) return Array.from(v, plain);
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v.toArray === 'function' && typeof v.get === 'function' && 'length' in v) {
    const out = [];
    for (let i = 0; i < v.length; i++) out.push(plain(v.get(i)));
    return out;
  }
  if (typeof v.toJSON === 'function') return plain(v.toJSON());
  const o = {};
  for (const [k, x] of Object.entries(v)) o[k] = plain(x);
  return o;
}

const result = {};
for (const file of process.argv.slice(2)) {
  const table = tableFromIPC(fs.readFileSync(file));
  result[path.basename(file)] = {
    metadata: Object.fromEntries(table.schema.metadata),
    numRows: table.numRows,
    fields: table.schema.fields.map((f) => f.name + ': ' + f.type.toString()),
    rows: table.toArray().map((row) => plain(row.toJSON())),
  };
}
process.stdout.write(JSON.stringify(result));
