// Writes a gzip (level 9) and a brotli (quality 11) copy of every file a browser fetches under a
// folder, for a host to serve as they are (the reference host does). scripts/fingerprint.mjs
// runs it on dist/; the benchmark on the floor's build.
//
//   node scripts/compress.mjs FOLDER
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.svg', '.txt']);

/** Writes FILE.gz and FILE.br beside every compressible file under `folder`. */
export function compress(folder) {
  for (const name of fs.readdirSync(folder)) {
    const file = path.join(folder, name);
    if (fs.statSync(file).isDirectory()) {
      compress(file);
    } else if (COMPRESSIBLE.has(path.extname(file))) {
      const bytes = fs.readFileSync(file);
      fs.writeFileSync(`${file}.gz`, zlib.gzipSync(bytes, { level: 9 }));
      const params = {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      };
      fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(bytes, { params }));
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!process.argv[2]) {
    console.error('usage: node scripts/compress.mjs FOLDER');
    process.exit(2);
  }
  compress(process.argv[2]);
}
