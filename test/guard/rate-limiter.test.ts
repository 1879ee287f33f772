import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SlidingWindowLimiter } from '../../src/guard/rate-limiter.js';

describe('sliding-window rate limiter', () => {
  test('lets max calls through in a window, refuses the next with the time until the oldest leaves', () => {
    const limiter = new SlidingWindowLimiter();
    const limit = { max: 3, windowMs: 1000 };
    assert.deepEqual(limiter.take('a', limit, 0), { ok: true, remaining: 2 });
    assert.deepEqual(limiter.take('a', limit, 100), { ok: true, remaining: 1 });
    assert.deepEqual(limiter.take('a', limit, 200), { ok: true, remaining: 0 });
    assert.deepEqual(limiter.take('a', limit, 300), { ok: false, retryAfterMs: 700 });
    // A refused call is not counted: at 1000 the call of 0 has left the window.
    assert.deepEqual(limiter.take('a', limit, 1000), { ok: true, remaining: 0 });
    assert.deepEqual(limiter.take('a', limit, 1050), { ok: false, retryAfterMs: 50 });
    assert.equal(limiter.count('a', 1000, 1050), 3);
  });

  test('the window slides: calls leave it one by one, not all at a boundary', () => {
    const limiter = new SlidingWindowLimiter();
    const limit = { max: 2, windowMs: 1000 };
    limiter.take('k', limit, 0);
    limiter.take('k', limit, 900);
    assert.deepEqual(limiter.take('k', limit, 950), { ok: false, retryAfterMs: 50 });
    assert.deepEqual(limiter.take('k', limit, 1000), { ok: true, remaining: 0 });
    assert.deepEqual(limiter.take('k', limit, 1100), { ok: false, retryAfterMs: 800 });
  });

  test('keys are counted apart', () => {
    const limiter = new SlidingWindowLimiter();
    const limit = { max: 1, windowMs: 60_000 };
    assert.equal(limiter.take('alice\u0000t', limit, 0).ok, true);
    assert.equal(limiter.take('bob\u0000t', limit, 0).ok, true);
    assert.deepEqual(limiter.take('alice\u0000t', limit, 10), { ok: false, retryAfterMs: 59_990 });
  });

  test('a limit lowered after calls were counted waits for enough of them to leave', () => {
    const limiter = new SlidingWindowLimiter();
    for (const at of [0, 10, 20, 30]) limiter.take('k', { max: 10, windowMs: 1000 }, at);
    // Now at most 2 in the window: 4 are in it, so the 3rd oldest (at 20) must leave first.
    assert.deepEqual(limiter.take('k', { max: 2, windowMs: 1000 }, 40), { ok: false, retryAfterMs: 980 });
  });
});
