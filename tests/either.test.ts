import * as E from 'fp-ts/Either'
import { left, right } from '../src/either'

describe('left and right', () => {
  it("build values fp-ts's own Either functions read as theirs", () => {
    expect(E.isLeft(left('e'))).toBe(true)
    expect(E.isRight(right(1))).toBe(true)
    expect(E.getOrElse(() => 0)(right(1))).toBe(1)
    expect(left('e')).toEqual(E.left('e'))
    expect(right(1)).toEqual(E.right(1))
  })
})
