import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError } from '../../src/errors.js';
import { readDefinitions, type DefinitionsInput } from '../../src/scanner/read-definitions.js';

const OPTIONS = { label: 'in.jsonl', name: 'in' };

/** The text as a byte stream, cut into pieces of `size` bytes (cutting multi-byte characters too). */
async function* bytes(text: string, size: number): AsyncGenerator<Uint8Array> {
  const buffer = Buffer.from(text, 'utf8');
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
}

async function lines(input: DefinitionsInput): Promise<unknown[]> {
  assert.equal(input.kind, 'lines');
  const out: unknown[] = [];
  if (input.kind === 'lines') for await (const tool of input.tools) out.push(tool);
  return out;
}

function rejectsWith(message: string): (error: unknown) => boolean {
  return (error: unknown) => error instanceof InputError && error.code === 'input-invalid' && error.message === message;
}

describe('readDefinitions', () => {
  test('JSON Lines: one tool per line, whatever the piece size, with a BOM, CRLF, blank lines and multi-byte text', async () => {
    const tools = [
      { name: 'résumé_get', description: 'Gets a résumé — 履歴書 📄' },
      { name: 'delete_file' },
      { name: 'x', inputSchema: { type: 'object' } },
    ];
    const text = `\uFEFF\r\n${tools.map((t) => JSON.stringify(t)).join('\r\n\n')}`;
    for (const size of [1, 3, 7, 64, 1 << 20])
      assert.deepEqual(await lines(await readDefinitions(bytes(text, size), OPTIONS)), tools, `piece size ${size}`);
  });

  test('a JSON document, pretty or on one line, is read whole in any accepted shape', async () => {
    const tools = [{ name: 'a' }, { name: 'b' }];
    for (const text of [
      JSON.stringify({ tools }, null, 2),
      JSON.stringify({ tools }),
      JSON.stringify(tools),
      `${JSON.stringify(tools, null, 1)}\n\n`,
    ]) {
      const input = await readDefinitions(bytes(text, 5), OPTIONS);
      assert.equal(input.kind, 'document', text);
      if (input.kind === 'document') assert.deepEqual(input.result.snapshots[0]?.tools, tools);
    }
  });

  test('a line that is not JSON, an over-long line and empty input are refused with their line', async () => {
    const bad = `${JSON.stringify({ name: 'a' })}\n\n{"name":\n`;
    await assert.rejects(
      lines(await readDefinitions(bytes(bad, 4), OPTIONS)),
      (error: unknown) => error instanceof InputError && /^in\.jsonl: line 3 is not JSON \(expected /.test(error.message),
    );
    const long = `${JSON.stringify({ name: 'a' })}\n${JSON.stringify({ name: 'b', description: 'y'.repeat(16 * 1024 * 1024) })}`;
    await assert.rejects(
      lines(await readDefinitions(bytes(long, 1 << 20), OPTIONS)),
      rejectsWith('in.jsonl: line 2 is longer than 16 MB; one tool definition per line is expected'),
    );
    await assert.rejects(readDefinitions(bytes('\n  \n', 2), OPTIONS), rejectsWith('in.jsonl: empty input'));
    await assert.rejects(
      readDefinitions(bytes('{\n  "tools": [\n', 2), OPTIONS),
      (error: unknown) => error instanceof InputError && /^in\.jsonl: line 2 is not JSON/.test(error.message),
    );
  });

  test('JSON Lines are pulled one line at a time: nothing is read ahead of the consumer beyond one piece', async () => {
    let produced = 0;
    async function* counted(): AsyncGenerator<string> {
      for (let i = 0; i < 1000; i++) {
        produced += 1;
        yield `${JSON.stringify({ name: `tool_${i}` })}\n`;
      }
    }
    const input = await readDefinitions(counted(), OPTIONS);
    assert.equal(input.kind, 'lines');
    if (input.kind !== 'lines') return;
    let consumed = 0;
    for await (const _tool of input.tools) {
      consumed += 1;
      assert.ok(produced <= consumed + 1, `produced ${produced} for ${consumed} consumed`);
    }
    assert.equal(consumed, 1000);
  });
});
