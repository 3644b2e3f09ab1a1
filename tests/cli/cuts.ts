// Shared by the cutter's tests (input.test.ts) and the batches' (batch.test.ts): a payload as a test compares it.
import type { Payload } from '../../src/cli/input'

/** A payload reduced to what a test compares: its line, its bytes in hex (none over the limit), size and ending. */
export interface Cut {
  line: number | undefined
  hex: string | undefined
  size: number
  unterminated: boolean
}

/** The {@link Cut} of a payload. Its text must be exactly its bytes' UTF-8: only UTF-8 may be handed out as text. */
export const cutOf = ({ line, body, size, unterminated }: Payload): Cut => ({
  line,
  hex: body === undefined ? undefined : Buffer.from(body).toString('hex'),
  size,
  unterminated,
})
