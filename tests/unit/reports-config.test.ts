// OPEN311_AUTO_PUBLISH: off unless the city turns it on; a bad value stops the boot naming the variable.
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

it('publishes reports only after staff review unless OPEN311_AUTO_PUBLISH is true', () => {
  expect(loadConfig({}).open311AutoPublish).toBe(false);
  expect(loadConfig({ OPEN311_AUTO_PUBLISH: 'true' }).open311AutoPublish).toBe(true);
  expect(loadConfig({ OPEN311_AUTO_PUBLISH: '0' }).open311AutoPublish).toBe(false);
  expect(() => loadConfig({ OPEN311_AUTO_PUBLISH: 'yes' })).toThrow(/OPEN311_AUTO_PUBLISH/);
});
