// `npm run test:proto` runs this whole suite again under `node --disable-proto=throw` and sets
// QITECH_TEST_DISABLE_PROTO=throw beside the flag. The flag must reach the process that runs the tests (a jest worker
// when jest starts workers), or that second run proves nothing; this test fails if it did not.
const protoMustThrow = process.env.QITECH_TEST_DISABLE_PROTO === 'throw'

const codeOfThrown = (action: () => unknown): string | undefined => {
  try {
    action()
    return undefined
  } catch (error) {
    return (error as { code?: string }).code ?? 'thrown without a code'
  }
}

describe(`Object.prototype.__proto__ in this test process (QITECH_TEST_DISABLE_PROTO=${protoMustThrow ? 'throw' : 'unset'})`, () => {
  const object = {} as { __proto__: unknown }

  it(protoMustThrow ? 'throws ERR_PROTO_ACCESS when read' : 'reads as the prototype', () => {
    if (protoMustThrow) expect(codeOfThrown(() => object.__proto__)).toBe('ERR_PROTO_ACCESS')
    else expect(object.__proto__).toBe(Object.prototype)
  })

  it(protoMustThrow ? 'throws ERR_PROTO_ACCESS when written' : 'sets the prototype when written', () => {
    const replacement = { marker: true }
    const write = () => {
      object.__proto__ = replacement
    }
    if (protoMustThrow) {
      expect(codeOfThrown(write)).toBe('ERR_PROTO_ACCESS')
      expect(Object.getPrototypeOf(object)).toBe(Object.prototype)
    } else {
      write()
      expect(Object.getPrototypeOf(object)).toBe(replacement)
    }
  })
})
