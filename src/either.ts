// The one builder of fp-ts's Either values. fp-ts's Either is a plain tagged object; building it here keeps the
// package free of runtime imports of fp-ts, whose subpaths (`fp-ts/Either`) Node's ESM loader cannot resolve.
import type { Either } from 'fp-ts/Either'

/** A failure. */
export const left = <E>(e: E): Either<E, never> => ({ _tag: 'Left', left: e })

/** A success. */
export const right = <A>(a: A): Either<never, A> => ({ _tag: 'Right', right: a })
