// Runs an exported vlbert package on its test_data_set_0 with onnxruntime-node and prints the
// outputs as JSON: {"runtime": {...}, "outputs": {"<name>": {"dims": [...], "data": [...]}}}.
// Usage: node run_test_data.js <package dir>   (onnxruntime-node resolved through NODE_PATH)
'use strict';
const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');

// A minimal reader of onnx.TensorProto: dims (1), data_type (2), name (8), raw_data (9).
function readTensorProto(file) {
  const buf = fs.readFileSync(file);
  let pos = 0;
  const varint = () => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = buf[pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  const t = { dims: [], dataType: 0, name: '', raw: null };
  while (pos < buf.length) {
    const key = Number(varint());
    const field = key >> 3;
    const wire = key & 7;
    if (wire === 0) {
      const v = varint();
      if (field === 1) t.dims.push(Number(v));
      else if (field === 2) t.dataType = Number(v);
    } else if (wire === 2) {
      const len = Number(varint());
      const bytes = buf.subarray(pos, pos + len);
      pos += len;
      if (field === 1) {            // packed dims
        const save = pos;
        let p = 0;
        while (p < bytes.length) {
          let r = 0n, s = 0n, b;
          do { b = bytes[p++]; r |= BigInt(b & 0x7f) << s; s += 7n; } while (b & 0x80);
          t.dims.push(Number(r));
        }
        pos = save;
      } else if (field === 8) t.name = bytes.toString('utf8');
      else if (field === 9) t.raw = Buffer.from(bytes);
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new Error(file + ': unsupported wire type ' + wire);
  }
  if (t.raw === null) throw new Error(file + ': only raw_data tensors are supported');
  const ab = t.raw.buffer.slice(t.raw.byteOffset, t.raw.byteOffset + t.raw.length);
  const types = { 1: ['float32', Float32Array], 6: ['int32', Int32Array], 7: ['int64', BigInt64Array],
                  9: ['bool', Uint8Array] };
  const ty = types[t.dataType];
  if (!ty) throw new Error(file + ': unsupported data_type ' + t.dataType);
  return { name: t.name, tensor: new ort.Tensor(ty[0], new ty[1](ab), t.dims) };
}

async function main() {
  const pkg = process.argv[2];
  const manifest = JSON.parse(fs.readFileSync(path.join(pkg, 'manifest.json'), 'utf8'));
  const dir = path.join(pkg, manifest.test_data.dir);
  const session = await ort.InferenceSession.create(path.join(pkg, manifest.model.file),
      { intraOpNumThreads: 1, graphOptimizationLevel: 'all' });
  const feeds = {};
  for (const f of manifest.test_data.inputs) {
    const t = readTensorProto(path.join(dir, f));
    feeds[t.name] = t.tensor;
  }
  const results = await session.run(feeds);
  const outputs = {};
  for (const name of session.outputNames) {
    const r = results[name];
    outputs[name] = { dims: r.dims, data: Array.from(r.data, Number) };
  }
  process.stdout.write(JSON.stringify({ runtime: ort.env.versions, outputs }) + '\n');
}

main().catch((e) => { console.error(e && e.stack ? e.stack : String(e)); process.exit(1); });
