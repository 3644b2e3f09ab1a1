import { runInNewContext } from 'node:vm'
import { bytesOf } from '../src/bytes'

describe('bytesOf', () => {
  const text = Buffer.from('{"a":1}')

  it.each([
    ['a Buffer', text],
    ['a Uint8Array', new Uint8Array(text)],
    ['an ArrayBuffer', new Uint8Array(text).buffer],
    ['a DataView', new DataView(new Uint8Array(text).buffer)],
    ['a Uint16Array over the same bytes', new Uint16Array(new Uint8Array([...text, 0]).buffer, 0, 4)],
  ])('reads %s as its bytes', (_, body) => {
    expect(Buffer.from(bytesOf(body) ?? []).subarray(0, text.length).toString()).toBe('{"a":1}')
  })

  it('shares the memory of a view instead of copying it, with its offset and length', () => {
    const backing = new Uint8Array([0, 1, 2, 3, 4])
    const bytes = bytesOf(backing.subarray(1, 4))
    expect(bytes && [...bytes]).toEqual([1, 2, 3])
    backing[2] = 9
    expect(bytes && [...bytes]).toEqual([1, 9, 3])
  })

  it('reads an ArrayBuffer from another realm and a SharedArrayBuffer', () => {
    const foreign = runInNewContext('new Uint8Array([123, 125]).buffer') as ArrayBuffer
    expect(bytesOf(foreign) && [...(bytesOf(foreign) as Uint8Array)]).toEqual([123, 125])
    const shared = new SharedArrayBuffer(2)
    expect(bytesOf(shared)?.length).toBe(2)
  })

  it.each([['a string', '{}'], ['an object', {}], ['an array', [123]], ['null', null], ['undefined', undefined]])(
    'gives undefined for %s',
    (_, body) => {
      expect(bytesOf(body)).toBeUndefined()
    },
  )
})
