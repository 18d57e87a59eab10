import { describe, expect, it } from 'vitest';
import { type LoadMessage, onlyConcurrencyErrors } from './client.js';

const err = (message: string): LoadMessage => ({ type: 'error', message });

describe('onlyConcurrencyErrors', () => {
  it.each([
    [[err('could not serialize access due to concurrent update')], true],
    [[err('deadlock detected'), err('could not serialize access due to concurrent update')], true],
    [[err('could not obtain lock on row in relation "res_partner"')], true],
    [
      [err('could not serialize access due to concurrent update'), err('Missing required value for the field Name')],
      false,
    ],
    [[err('Tax names must be unique!')], false],
    [[{ type: 'warning', message: 'could not serialize access' } as LoadMessage], false],
    [[], false],
  ])('%j → %s', (messages, want) => {
    expect(onlyConcurrencyErrors(messages as LoadMessage[])).toBe(want);
  });
});
