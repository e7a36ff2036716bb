// optOut() / optIn() on the API: handed to the core, or, before the core is
// ready, given to it when it starts (before it sends or stores anything).
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { resetConsentForTesting } from './consent.js';
import { BackstageInsights } from './index.js';
import type { CoreModule } from './loadCore.js';
import { deferred, fakeGlue, sampleEvent, settle, startApi } from './testing/fakes.js';

beforeEach(() => resetConsentForTesting());

test('an opt-out before the core is ready reaches its constructor, ahead of the waiting events', async () => {
  const load = deferred<CoreModule>();
  const { glue, cores } = fakeGlue();
  const { api } = startApi({ loader: () => load.promise });
  api.captureEvent(sampleEvent(0));
  api.optOut();
  load.resolve(glue);
  await settle();
  assert.equal(cores.length, 1);
  assert.equal(cores[0].optedOut, true, 'the core starts opted out');
  assert.equal(cores[0].captured.length, 1, 'the core drops (and counts) the waiting event itself');
});

test('the last choice before the core is ready wins; none leaves the stored one alone', async () => {
  const cases: Array<[calls: Array<'optOut' | 'optIn'>, want: boolean | undefined]> = [
    [['optOut', 'optIn'], false],
    [['optIn', 'optOut'], true],
    [[], undefined],
  ];
  for (const [calls, want] of cases) {
    resetConsentForTesting(); // a new page each time
    const load = deferred<CoreModule>();
    const { glue, cores } = fakeGlue();
    const { api } = startApi({ loader: () => load.promise });
    for (const call of calls) api[call]();
    load.resolve(glue);
    await settle();
    assert.equal(cores[0].optedOut, want, calls.join(', '));
  }
});

test('once the core runs, optOut() and optIn() go straight to it, and a throwing core is not thrown into the app', async () => {
  const { glue, cores } = fakeGlue({
    optOut() {
      throw new Error('trap');
    },
  });
  const { api } = startApi({ loader: async () => glue });
  await settle();
  assert.doesNotThrow(() => api.optOut());
  api.optIn();
  assert.deepEqual(
    cores[0].calls.filter(([name]) => name.startsWith('opt')).map(([name]) => name),
    ['optOut', 'optIn'],
  );
});

test('BackstageInsights.optOut() reaches every instance of the page, those created later too (the new frontend system)', async () => {
  const first = fakeGlue();
  startApi({ loader: async () => first.glue });
  await settle();
  BackstageInsights.optOut();
  assert.deepEqual(first.cores[0].calls.filter(([n]) => n.startsWith('opt')), [['optOut']]);
  const later = fakeGlue();
  startApi({ loader: async () => later.glue });
  await settle();
  assert.equal(later.cores[0].optedOut, true, 'an instance made after the choice starts opted out');
  BackstageInsights.optIn();
  assert.deepEqual(later.cores[0].calls.filter(([n]) => n.startsWith('opt')), [['optIn']]);
});
