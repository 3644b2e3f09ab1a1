import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CAPTURES_SQL, SCHEMA, SQL } from '../../examples/fastify-postgres'

// The README's "Handling deliveries" shows the reference receiver's SQL statement for statement; the receiver's
// tests (fastify-postgres.test.ts) run every one of them over HTTP, on PGlite and on a PostgreSQL server.

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8')
const section = readme.slice(readme.indexOf('\n## Handling deliveries\n'), readme.indexOf('\n## Verifying signatures\n'))

/** A statement without its comments, its spacing and its final semicolon. */
const normalized = (statement: string) =>
  statement
    .replace(/--[^\n]*/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\( /g, '(')
    .replace(/ \)/g, ')')
    .trim()
    .replace(/;$/, '')

const blocks = (language: string) => [...section.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((match) => match[1])

const readmeStatements = [
  ...blocks('sql').flatMap((block) => block.split(/;\s*(?:\n|$)/)),
  // The SQL a TypeScript snippet passes to `tx.query(...)`.
  ...blocks('ts').flatMap((block) => [...block.matchAll(/\.query\(\s*(`[^`]*`|'[^']*')/g)].map((match) => match[1].slice(1, -1))),
]
  .map(normalized)
  .filter((statement) => statement !== '')

const receiverStatements = [...SCHEMA, ...Object.values(SQL), CAPTURES_SQL].map(normalized)

describe("the README's SQL", () => {
  it('is made of statements the reference receiver runs, and shows every one of them', () => {
    expect(readmeStatements.length).toBeGreaterThanOrEqual(receiverStatements.length)
    expect(readmeStatements.filter((statement) => !receiverStatements.includes(statement))).toEqual([])
    expect(receiverStatements.filter((statement) => !readmeStatements.includes(statement))).toEqual([])
  })
})
