// The benchmark's hand-written guard and its zod 4 and ajv 8 schemas must keep the decoder's rules, or the
// comparison means nothing: they accept every valid fixture, reject every broken one, and agree with the decoder on
// generated payloads.
import fc from 'fast-check'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { ajvInstallmentWebhook } from '../bench/ajv-schema'
import { handWrittenGuard } from '../bench/hand-written-guard'
import { zodInstallmentWebhook } from '../bench/zod-schema'
import { decodeInstallmentWebhook } from '../src'
import { brokenWebhookArbitrary, installmentWebhookArbitrary, mutatedWebhookArbitrary } from './arbitraries'
import { FIXTURES_DIR, loadFixture, validFixtureNames } from './fixtures'
import { propertySettings } from './property-settings'

const verdicts = (payload: unknown) => ({
  decoder: decodeInstallmentWebhook(payload)._tag === 'Right',
  guard: handWrittenGuard(payload),
  zod: zodInstallmentWebhook.safeParse(payload).success,
  ajv: ajvInstallmentWebhook(payload),
})

const invalidFixtureNames = readdirSync(join(FIXTURES_DIR, 'invalid')).filter((name) => name.endsWith('.json'))

describe('the benchmark schemas', () => {
  it.each(validFixtureNames)('the guard, zod and ajv accept the valid fixture %s', (name) => {
    expect(verdicts(loadFixture(name))).toEqual({ decoder: true, guard: true, zod: true, ajv: true })
  })

  it.each(invalidFixtureNames)('the guard, zod and ajv reject the invalid fixture %s', (name) => {
    expect(verdicts(loadFixture(join('invalid', name)))).toEqual({ decoder: false, guard: false, zod: false, ajv: false })
  })

  it('the guard, zod and ajv reject every payload with one required field removed or mistyped', () => {
    fc.assert(
      fc.property(brokenWebhookArbitrary(), ({ payload }) => {
        expect(verdicts(payload)).toEqual({ decoder: false, guard: false, zod: false, ajv: false })
      }),
      propertySettings(300),
    )
  })

  it('the guard, zod and ajv give the decoder\'s verdict on valid payloads and on payloads with one value replaced', () => {
    let accepted = 0
    fc.assert(
      fc.property(fc.oneof(installmentWebhookArbitrary(), mutatedWebhookArbitrary()), (generated) => {
        const payload: unknown = JSON.parse(JSON.stringify(generated))
        const { decoder, guard, zod, ajv } = verdicts(payload)
        expect({ guard, zod, ajv }).toEqual({ guard: decoder, zod: decoder, ajv: decoder })
        if (decoder) accepted++
      }),
      propertySettings(600),
    )
    expect(accepted).toBeGreaterThan(0)
  })
})
