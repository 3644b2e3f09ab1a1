import { readHeader, readRequest } from '../../src/signature/request'

describe('readHeader', () => {
  it('finds a header in any letter case and trims it', () => {
    expect(readHeader({ Authorization: ' t \r\n' }, 'authorization')).toBe('t')
    expect(readHeader({ 'API-CLIENT-KEY': 'k' }, 'api-client-key')).toBe('k')
    expect(readHeader({ other: 'x' }, 'authorization')).toBeUndefined()
  })

  it('joins several values, from arrays or from names differing in case, with a comma', () => {
    expect(readHeader({ authorization: ['a', 'b'] }, 'authorization')).toBe('a, b')
    expect(readHeader({ authorization: 'a', AUTHORIZATION: 'b' }, 'authorization')).toBe('a, b')
    expect(readHeader({ authorization: ['a'] }, 'authorization')).toBe('a')
  })

  it('drops empty values and values that are not strings', () => {
    expect(readHeader({ authorization: ['', '  ', 'a'] }, 'authorization')).toBe('a')
    expect(readHeader({ authorization: '   ' }, 'authorization')).toBeUndefined()
    expect(readHeader({ authorization: [] }, 'authorization')).toBeUndefined()
    expect(readHeader({ authorization: 42, Authorization: [null, 'a', {}] }, 'authorization')).toBe('a')
    expect(readHeader({ authorization: undefined }, 'authorization')).toBeUndefined()
  })

  it('reads a Web Headers object through its get method', () => {
    const headers = new Headers({ Authorization: 'a' })
    expect(readHeader(headers, 'authorization')).toBe('a')
    headers.append('authorization', 'b')
    expect(readHeader(headers, 'authorization')).toBe('a, b')
    expect(readHeader(new Headers(), 'authorization')).toBeUndefined()
  })
})

describe('readRequest', () => {
  it('reads the headers, a private copy of the body bytes, the method and the path once', () => {
    const body = Buffer.from('{"a":1}')
    const result = readRequest({ headers: { authorization: 't', 'api-client-key': 'k' }, body, method: 'POST', path: '/p' })
    if (!result.ok) throw new Error(result.detail)
    expect(result.value).toEqual({ authorization: 't', apiClientKey: 'k', body, bytes: new Uint8Array(body), method: 'POST', path: '/p' })
    body[0] = 0x20
    expect(result.value.bytes?.[0]).toBe(0x7b)
  })

  it('takes a string body as its UTF-8 bytes, and bytes of every kind', () => {
    const read = (body: unknown) => {
      const result = readRequest({ headers: {}, body, method: 'POST', path: '/p' })
      return result.ok ? result.value.bytes : undefined
    }
    expect(read('é')).toEqual(new Uint8Array([0xc3, 0xa9]))
    expect(read(new Uint8Array([1, 2]).buffer)).toEqual(new Uint8Array([1, 2]))
    expect(read(new Uint16Array([0x0201]))).toEqual(new Uint8Array([1, 2]))
    expect(read({ a: 1 })).toBeUndefined()
    expect(read(undefined)).toBeUndefined()
  })

  it.each([
    ['null', null, 'request must be an object with headers, body, method and path'],
    ['a string', 'POST /p', 'request must be an object with headers, body, method and path'],
    ['no headers', { body: '', method: 'POST', path: '/p' }, 'request.headers must be the request headers object'],
    ['null headers', { headers: null, body: '', method: 'POST', path: '/p' }, 'request.headers must be the request headers object'],
    ['no method', { headers: {}, body: '', path: '/p' }, 'request.method must be the HTTP method string'],
    ['no path', { headers: {}, body: '', method: 'POST' }, 'request.path must be the path QI Tech called, as a string'],
  ])('refuses a request that is %s with INVALID_OPTIONS', (_, request, detail) => {
    expect(readRequest(request)).toEqual({ ok: false, code: 'INVALID_OPTIONS', detail })
  })
})
