// The package.json fields that decide how apps resolve the package. Every check iterates over `exports`, so a new
// subpath is held to the same rules as the root.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

interface Target {
  types: string
  default: string
}
interface Manifest {
  exports: Record<string, { import: Target; require: Target } | string>
  typesVersions?: Record<string, Record<string, string[]>>
  main: string
  module: string
  types: string
  sideEffects: unknown
  engines: Record<string, string>
  files: string[]
  peerDependencies: Record<string, string>
  devDependencies: Record<string, string>
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as Manifest
const entries = Object.entries(manifest.exports).filter(([subpath]) => subpath !== './package.json') as Array<
  [string, { import: Target; require: Target }]
>

describe('package.json', () => {
  it('exports ./package.json', () => {
    expect(manifest.exports['./package.json']).toBe('./package.json')
  })

  it.each(entries)('exports %s with import and require conditions, each naming its types first', (_subpath, conditions) => {
    expect(Object.keys(conditions).sort()).toEqual(['import', 'require'])
    expect(Object.keys(conditions.import)).toEqual(['types', 'default'])
    expect(Object.keys(conditions.require)).toEqual(['types', 'default'])
    expect(conditions.import.types).toMatch(/^\.\/dist\/.+\.d\.mts$/)
    expect(conditions.import.default).toBe(conditions.import.types.replace(/\.d\.mts$/, '.mjs'))
    expect(conditions.require.types).toMatch(/^\.\/dist\/.+\.d\.ts$/)
    expect(conditions.require.default).toBe(conditions.require.types.replace(/\.d\.ts$/, '.js'))
  })

  it('points main, module and types at the root export for tools that read no exports', () => {
    const root = manifest.exports['.'] as { import: Target; require: Target }
    expect([manifest.main, manifest.module, manifest.types]).toEqual([root.require.default, root.import.default, root.require.types])
  })

  // TypeScript's `moduleResolution: node` (node10) ignores `exports`; it finds a subpath's types through typesVersions.
  it('maps every subpath export, and nothing else, in typesVersions for node10 resolution', () => {
    const mapped = manifest.typesVersions?.['*'] ?? {}
    const expected = Object.fromEntries(entries.filter(([subpath]) => subpath !== '.').map(([subpath, c]) => [subpath.slice(2), [c.require.types]]))
    expect(mapped).toEqual(expected)
    expect(Object.keys(manifest.typesVersions ?? {}).filter((range) => range !== '*')).toEqual([])
  })

  it('declares no side effects, a Node engine range and a files allow-list', () => {
    expect(manifest.sideEffects).toBe(false)
    expect(manifest.engines.node).toBe('>=20')
    expect([...manifest.files].sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'dist'])
  })

  it('lists io-ts and fp-ts as peer dependencies, installed for development too', () => {
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(['fp-ts', 'io-ts'])
    for (const name of Object.keys(manifest.peerDependencies)) expect(manifest.devDependencies[name]).toBeDefined()
  })
})
