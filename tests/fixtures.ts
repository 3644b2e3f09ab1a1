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
