// `npm run docs`: API documentation from the TSDoc, written to docs/api/. It documents every entry point that
// package.json exports (`.` is src/index.ts, `./name` is src/name/index.ts or src/name.ts), so a new subpath is
// documented without touching this file, and any warning fails the run: an export without documentation, a broken
// {@link}, or a public type that is not exported.
import { existsSync, readFileSync } from 'node:fs'
import { OptionDefaults } from 'typedoc'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))

const sourceOf = (subpath) => {
  if (subpath === '.') return './src/index.ts'
  const name = subpath.slice(2)
  const folder = `./src/${name}/index.ts`
  return existsSync(new URL(folder, import.meta.url)) ? folder : `./src/${name}.ts`
}

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  entryPoints: Object.keys(pkg.exports)
    .filter((subpath) => subpath !== './package.json')
    .map(sourceOf),
  out: 'docs/api',
  tsconfig: 'tsconfig.json',
  readme: 'README.md',
  // The repository has no public remote yet, so pages link to no source.
  disableSources: true,
  excludePrivate: true,
  // The README's Postgres receiver shows its tables.
  highlightLanguages: [...OptionDefaults.highlightLanguages, 'sql'],
  // Types that public ones name but that are reached through them (`InstallmentWebhookError['envelope']`,
  // `AmountConversionError['code']`, the brands of the branded codecs ...): each is documented where it is declared.
  intentionallyNotExported: [
    'NullableProps',
    'AmountBrand',
    'IsoDateBrand',
    'IsoDateTimeBrand',
    'NonEmptyStringBrand',
    'InstallmentWebhookEnvelope',
    'AmountConversionErrorCode',
    'AmountToMinorUnitsOptions',
    'InstallmentDeliveryUnorderedReason',
    'V1Claims',
    'V2Claims',
    'LegacySignedRequest',
    'TestWebhookHeaders',
    'SignLegacyTestWebhookOptions',
  ],
  validation: { notExported: true, invalidLink: true, invalidPath: true, rewrittenLink: true, notDocumented: true },
  treatWarningsAsErrors: true,
}
