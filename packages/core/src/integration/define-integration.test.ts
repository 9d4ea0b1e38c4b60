import { describe, expect, it } from 'vitest';
import { acme, type acmeSettings, track } from './__fixtures__/acme-integration.ts';
import { defineAction, defineIntegration } from './define-integration.ts';
import type { Infer } from './integration-types.ts';

describe('defineIntegration / defineAction', () => {
  it('are identities at run time', () => {
    expect(defineIntegration(acme)).toBe(acme);
    expect(acme.actions.track).toBe(track);
  });

  it('derive settings and payload types from the schemas (checked by tsc)', () => {
    type Settings = Infer<typeof acmeSettings>;
    const action = defineAction<Settings>()({
      title: 'T',
      description: 'D',
      defaultSubscription: 'type = "track"',
      fields: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] },
      async perform({ settings, payload }) {
        const n: number = payload.n;
        const key: string = settings.apiKey;
        // @ts-expect-error payload.n is a number
        const wrong: string = payload.n;
        // @ts-expect-error region is optional
        const region: string = settings.region;
        return [n, key, wrong, region];
      },
    });
    expect(action.fields.required).toEqual(['n']);
  });
});
