import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/** The folder of provider payloads; tests read them as text, as a handler receives them. */
export const FIXTURES_DIR = join(__dirname, '..', 'fixtures')

/** Every valid single-payload fixture (`fixtures/*.json`). */
export const validFixtureNames = readdirSync(FIXTURES_DIR)
  .filter((name) => name.endsWith('.json'))
  .sort()

/** The text of a fixture file. */
export const readFixture = (name: string): string => readFileSync(join(FIXTURES_DIR, name), 'utf8')

/** A fresh parsed copy of a fixture, safe to mutate. */
export const loadFixture = (name: string): Record<string, any> => JSON.parse(readFixture(name)) as Record<string, any>

/**
 * QI Tech's largest kind of delivery: the seed bank-slip update with `count` charges, each with its own installment
 * key. With 10,000, the body is about 5.2 MB (4.9 MiB), over every framework's default body limit.
 */
export const largeBankSlipUpdate = (count: number): { body: string; installmentKeys: string[] } => {
  const update = loadFixture('seed-bank-slip-update.json')
  const [charge] = update.data.installments
  const installmentKeys = Array.from({ length: count }, (_, i) => `bc60ad8e-4dc1-4edc-8c5b-${String(i).padStart(12, '0')}`)
  update.data.installments = installmentKeys.map((installment_key) => ({ ...charge, installment_key }))
  return { body: JSON.stringify(update), installmentKeys }
}
