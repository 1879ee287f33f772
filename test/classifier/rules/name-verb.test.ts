import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractFacts } from '../../../src/classifier/extract-facts.js';
import type { ToolSignal } from '../../../src/classifier/rule.js';
import { nameVerbRule } from '../../../src/classifier/rules/name-verb.js';

interface NameSignal {
  effect: ToolSignal['effect'];
  strength: ToolSignal['strength'];
  role: ToolSignal['role'];
  text: string;
  rule: string;
}

/** The action signals of the name rule (bulk, overwrite and read-only words left out). */
function nameSignals(name: string, serverName?: string): NameSignal[] {
  return nameVerbRule
    .apply(extractFacts({ name }, serverName))
    .signals.filter((s) => s.effect === 'read' || s.effect === 'write' || s.effect === 'execute' || s.effect === 'destroy')
    .map((s) => ({ effect: s.effect, strength: s.strength, role: s.role, text: s.evidence.text, rule: s.evidence.rule }));
}

describe('name verbs', () => {
  test('a noun-like read or write word alone after the prefix is weak: the description decides', () => {
    assert.deepEqual(nameSignals('quux_log', 'quux'), [
      { effect: 'write', strength: 'weak', role: 'primary', text: 'log', rule: 'name-verb/write' },
    ]);
    assert.deepEqual(nameSignals('quux_search', 'quux'), [
      { effect: 'read', strength: 'weak', role: 'primary', text: 'search', rule: 'name-verb/read' },
    ]);
  });

  test('running and destroying words alone stay strong', () => {
    assert.deepEqual(nameSignals('quux_run', 'quux'), [
      { effect: 'execute', strength: 'strong', role: 'primary', text: 'run', rule: 'name-verb/execute' },
    ]);
    assert.deepEqual(nameSignals('quux_reset', 'quux'), [
      { effect: 'destroy', strength: 'strong', role: 'primary', text: 'reset', rule: 'name-verb/destroy' },
    ]);
  });

  test('a reading word used as a noun in a name without a verb is a weak read', () => {
    assert.deepEqual(nameSignals('widget_search_zorb'), [
      { effect: 'read', strength: 'weak', role: undefined, text: 'search', rule: 'name-verb/read-noun' },
    ]);
    assert.deepEqual(nameSignals('widget_spell_check'), [
      { effect: 'read', strength: 'weak', role: undefined, text: 'check', rule: 'name-verb/read-noun' },
    ]);
  });

  test('a run or a build is the object when a change ends the name', () => {
    assert.deepEqual(nameSignals('run_upsert'), [
      { effect: 'write', strength: 'strong', role: 'primary', text: 'upsert', rule: 'name-verb/write' },
    ]);
    assert.deepEqual(nameSignals('build_cancel'), [
      { effect: 'destroy', strength: 'strong', role: 'primary', text: 'cancel', rule: 'name-verb/destroy' },
    ]);
  });

  test('running still wins when the last word only reads', () => {
    assert.deepEqual(nameSignals('run_sql_select'), [
      { effect: 'execute', strength: 'strong', role: 'primary', text: 'run', rule: 'name-verb/execute' },
    ]);
  });

  test('after a preposition the last word is a thing, not the action', () => {
    assert.deepEqual(nameSignals('import_site_from_archive'), [
      { effect: 'write', strength: 'strong', role: 'primary', text: 'import', rule: 'name-verb/write' },
    ]);
  });

  test('a noun-like verb that opens a camelCase segment after a prefix is the action', () => {
    assert.deepEqual(nameSignals('ZORB_setWidgetColor'), [
      { effect: 'write', strength: 'strong', role: 'primary', text: 'set', rule: 'name-verb/write' },
    ]);
  });
});
