// What the core entry costs an app that bundles it: esbuild (the bundler tsup uses) bundles the built ESM entry with
// the peer dependencies left out, minifies it, and zlib gzips it.
import { build, type Metafile } from 'esbuild'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

// The budget leaves about a tenth for growth over the size when it was set (bench/README.md has the figure). Raise it
// deliberately, in the change that needs it, and say why there.
const CORE_BUDGET_BYTES = 6_200

const root = join(__dirname, '..', '..')
const dist = join(root, 'dist')
const peers = ['io-ts', 'fp-ts']
const external = peers.flatMap((name) => [name, `${name}/*`])

interface Bundle {
  code: Uint8Array
  text: string
  metafile: Metafile
}

const bundle = async (options: { entry: string } | { contents: string }, format: 'esm' | 'cjs' = 'esm'): Promise<Bundle> => {
  const result = await build({
    ...('entry' in options
      ? { entryPoints: [options.entry] }
      : { stdin: { contents: options.contents, resolveDir: dist, loader: 'js' as const } }),
    absWorkingDir: root,
    bundle: true,
    minify: true,
    format,
    platform: 'node',
    external,
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  return { code: result.outputFiles[0].contents, text: result.outputFiles[0].text, metafile: result.metafile }
}

const bundledFiles = (metafile: Metafile): string[] => Object.keys(metafile.inputs)
const externalImports = (metafile: Metafile): string[] =>
  [...new Set(Object.values(metafile.outputs).flatMap((output) => output.imports.filter((i) => i.external).map((i) => i.path)))].sort()

// Names that only the codecs carry; they survive minification as strings.
const codecNames = ['"IsoDate"', '"InstallmentStatusChangeWebhook"', '"InstallmentBankSlipUpdateWebhook"', '"InstallmentWebhookDataStatus"']

beforeAll(() => {
  if (!existsSync(join(dist, 'index.mjs'))) throw new Error('dist/ is not built: run `npm run build` first')
})

describe('the core entry', () => {
  it(`is at most ${CORE_BUDGET_BYTES} bytes minified and gzipped, without its peer dependencies`, async () => {
    const { code } = await bundle({ entry: join(dist, 'index.mjs') })
    expect(gzipSync(code).byteLength).toBeLessThanOrEqual(CORE_BUDGET_BYTES)
  })

  // The delivery key's SHA-256 (@noble/hashes) lives in the /delivery subpath: the core needs nothing but its peers.
  it.each([['index.mjs'], ['index.js']])('dist/%s bundles only its own files and imports nothing but io-ts', async (file) => {
    const { metafile } = await bundle({ entry: join(dist, file) }, file.endsWith('.mjs') ? 'esm' : 'cjs')
    expect(bundledFiles(metafile).filter((path) => !path.startsWith('dist/'))).toEqual([])
    expect(externalImports(metafile)).toEqual(['io-ts'])
  })
})

describe('the core entry in edge runtimes', () => {
  // Cloudflare Workers and Vercel's edge runtime resolve packages with these conditions, not `node`.
  it.each([['worker'], ['edge-light'], ['browser']])('bundled with the %s condition, it imports nothing but io-ts: no node: module', async (condition) => {
    const result = await build({
      entryPoints: [join(dist, 'index.mjs')],
      absWorkingDir: root,
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      conditions: [condition],
      external,
      write: false,
      metafile: true,
      logLevel: 'silent',
    })
    expect(externalImports(result.metafile)).toEqual(['io-ts'])
    expect(bundledFiles(result.metafile).filter((path) => path.includes('cryptoNode'))).toEqual([])
  })
})

describe('the ESM build is tree-shakeable', () => {
  it('an app that imports only isInstallmentWebhookError bundles none of the codecs', async () => {
    const { text } = await bundle({ contents: "import { isInstallmentWebhookError } from './index.mjs'; console.log(isInstallmentWebhookError)" })
    expect(codecNames.filter((name) => text.includes(name))).toEqual([])
    expect(text.length).toBeLessThan(400)
  })

  it('an app that imports decodeInstallmentWebhook bundles the codecs (the probe above can fail)', async () => {
    const { text } = await bundle({ contents: "import { decodeInstallmentWebhook } from './index.mjs'; console.log(decodeInstallmentWebhook)" })
    expect(codecNames.filter((name) => text.includes(name))).toEqual(codecNames)
  })
})

describe('the delivery entry', () => {
  it('bundles SHA-256 for the delivery key, which the core does not', async () => {
    const { metafile } = await bundle({ entry: join(dist, 'delivery.mjs') })
    const inputs = Object.entries(Object.values(metafile.outputs)[0].inputs)
    expect(inputs.some(([path, input]) => path.endsWith('@noble/hashes/esm/sha2.js') && input.bytesInOutput > 0)).toBe(true)
  })
})

describe('the instruments entry', () => {
  // The boleto and Pix readers live in /instruments: strings that only they carry show where they were bundled.
  const pixMarker = 'br.gov.bcb.pix'
  const boletoMarker = 'COLLECTION_LINE'
  const INSTRUMENTS_BUDGET_BYTES = 3_800

  it(`is at most ${INSTRUMENTS_BUDGET_BYTES} bytes minified and gzipped, and bundles no codec, no SHA-256 and no jose`, async () => {
    const { code, text, metafile } = await bundle({ entry: join(dist, 'instruments.mjs') })
    expect(gzipSync(code).byteLength).toBeLessThanOrEqual(INSTRUMENTS_BUDGET_BYTES)
    expect(codecNames.filter((name) => text.includes(name))).toEqual([])
    expect(bundledFiles(metafile).filter((path) => !path.startsWith('dist/'))).toEqual([])
    expect(externalImports(metafile)).toEqual(['io-ts'])
  })

  it('is tree-shaken away from an app that imports the core, the delivery and the signature entries but not it', async () => {
    const { text } = await bundle({
      contents:
        "import { decodeInstallmentWebhook } from './index.mjs'; import { amountToMinorUnits } from './delivery.mjs'; " +
        "import { verifyInstallmentWebhookSignature } from './signature.mjs'; console.log(decodeInstallmentWebhook, amountToMinorUnits, verifyInstallmentWebhookSignature)",
    })
    expect([pixMarker, boletoMarker].filter((marker) => text.includes(marker))).toEqual([])
  })

  it('gives an app that imports only parseBoletoLine no Pix reader, and one that imports only parsePixCode no boleto reader', async () => {
    const boleto = await bundle({ contents: "import { parseBoletoLine } from './instruments.mjs'; console.log(parseBoletoLine)" })
    const pix = await bundle({ contents: "import { parsePixCode } from './instruments.mjs'; console.log(parsePixCode)" })
    expect([boleto.text.includes(boletoMarker), boleto.text.includes(pixMarker)]).toEqual([true, false])
    expect([pix.text.includes(boletoMarker), pix.text.includes(pixMarker)]).toEqual([false, true])
  })
})
