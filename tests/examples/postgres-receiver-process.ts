// The reference receiver (examples/fastify-postgres.ts) in a process of its own, started from the environment as
// `npm run receiver` starts it: PGlite in-process, or the PostgreSQL server of DATABASE_URL. Its log lines go to
// stdout. tests/examples/fastify-postgres.test.ts bundles this file, forks it, and asks it over IPC for the port and
// for the rows of its tables. (PGlite loads parts of itself with dynamic imports, which jest's sandbox does not run.)
import { startReceiver } from '../../examples/fastify-postgres'

interface Query {
  readonly id: number
  readonly sql: string
  readonly params?: unknown[]
}

startReceiver({ ...process.env, PORT: '0' }).then(
  (receiver) => {
    process.on('message', ({ id, sql, params }: Query) => {
      receiver.db.query(sql, params).then(
        (result) => process.send?.({ id, rows: result.rows }),
        (error: unknown) => process.send?.({ id, error: String(error) }),
      )
    })
    process.on('disconnect', () => void receiver.close())
    process.send?.({ ready: receiver.url })
  },
  (error: Error) => {
    process.send?.({ failed: error.message })
    process.exitCode = 1
  },
)
