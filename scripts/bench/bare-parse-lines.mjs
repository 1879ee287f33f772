// The baseline for `classify` of JSON Lines: a bare node process that only reads the file and
// parses each line (no bounding, no classification, no output). Prints the number of lines parsed.
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

const handle = await open(process.argv[2], 'r');
const decoder = new StringDecoder('utf8');
const buffer = Buffer.allocUnsafe(1 << 20);
let rest = '';
let count = 0;
for (;;) {
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
  const text = rest + (bytesRead === 0 ? decoder.end() : decoder.write(buffer.subarray(0, bytesRead)));
  let start = 0;
  for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
    const line = text.slice(start, newline);
    start = newline + 1;
    if (line.trim() !== '') {
      JSON.parse(line);
      count += 1;
    }
  }
  rest = text.slice(start);
  if (bytesRead === 0) break;
}
if (rest.trim() !== '') {
  JSON.parse(rest);
  count += 1;
}
await handle.close();
process.stdout.write(`${count}\n`);
