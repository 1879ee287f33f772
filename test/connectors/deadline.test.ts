import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Deadline } from '../../src/connectors/deadline.js';
import { ServerError } from '../../src/errors.js';

const never = (): Promise<never> => new Promise<never>(() => undefined);

describe('Deadline', () => {
  test('race rejects with server-timeout naming the step when time runs out', async () => {
    const start = performance.now(); // before the deadline's timer starts: a lower bound that load cannot break
    const deadline = new Deadline(60);
    await assert.rejects(deadline.race(never(), 'tools/list'), (error) => {
      assert.ok(error instanceof ServerError);
      assert.equal(error.code, 'server-timeout');
      assert.equal(error.message, 'no answer to tools/list within 60 ms');
      return true;
    });
    assert.ok(performance.now() - start >= 55);
    assert.equal(deadline.timedOut, true);
    assert.equal(deadline.cancelled, false);
    await assert.rejects(deadline.race(Promise.resolve(1), 'later'), /no answer to later within 60 ms/);
    deadline.dispose();
  });

  test('race passes results and errors through while there is time', async () => {
    const deadline = new Deadline(5000);
    assert.equal(await deadline.race(Promise.resolve(42), 'x'), 42);
    await assert.rejects(deadline.race(Promise.reject(new Error('boom')), 'x'), /boom/);
    assert.ok(deadline.remaining() > 4000 && deadline.remaining() <= 5000);
    deadline.dispose();
  });

  test("the caller's abort rejects with its reason, not as a timeout", async () => {
    const controller = new AbortController();
    const deadline = new Deadline(5000, controller.signal);
    const reason = new Error('cancelled by user');
    setTimeout(() => controller.abort(reason), 20);
    await assert.rejects(deadline.race(never(), 'initialize'), (error) => error === reason);
    assert.equal(deadline.cancelled, true);
    assert.equal(deadline.timedOut, false);
    deadline.dispose();
  });

  test('an already aborted signal cancels at once', async () => {
    const reason = new Error('already');
    const deadline = new Deadline(5000, AbortSignal.abort(reason));
    assert.equal(deadline.signal.aborted, true);
    await assert.rejects(deadline.race(never(), 'x'), (error) => error === reason);
    deadline.dispose();
  });

  test('run gives each request its own signal and a backstop timeout', async () => {
    const deadline = new Deadline(50);
    const signals: AbortSignal[] = [];
    const result = await deadline.run('first', async (bounds) => {
      signals.push(bounds.signal);
      assert.ok(bounds.timeout > 1000);
      return 'done';
    });
    assert.equal(result, 'done');
    await assert.rejects(
      deadline.run('second', (bounds) => {
        signals.push(bounds.signal);
        return never();
      }),
      /no answer to second within 50 ms/,
    );
    assert.equal(signals[0]?.aborted, false, 'a finished request is detached from the deadline');
    assert.equal(signals[1]?.aborted, true);
    deadline.dispose();
  });

  test('rejects a budget that is not a positive number', () => {
    assert.throws(() => new Deadline(0), RangeError);
    assert.throws(() => new Deadline(Number.NaN), RangeError);
  });
});
