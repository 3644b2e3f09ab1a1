// The Postgres receiver example as its own process, the way it runs in production: PGlite (PostgreSQL in
// WebAssembly) in-process, the Fastify app on 127.0.0.1. tests/examples/fastify-postgres.test.ts bundles this file,
// forks it, and asks it over IPC for the port and for the rows of its tables. (PGlite loads parts of itself with
// dynamic imports, which jest's module sandbox does not run.)
import { PGlite } from '@electric-sql/pglite'
import { buildPostgresReceiver, migrate } from '../../examples/fastify-postgres'

interface Query {
  readonly id: number
  readonly sql: string
}

const main = async (): Promise<void> => {
  const db = new PGlite()
  await migrate(db)
  const app = buildPostgresReceiver({ db, publicKeys: [process.env.QITECH_PUBLIC_KEY ?? ''] })
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' })
  process.on('message', (message: Query) => {
    db.query(message.sql).then(
      (result) => process.send?.({ id: message.id, rows: result.rows }),
      (error: unknown) => process.send?.({ id: message.id, error: String(error) }),
    )
  })
  process.on('disconnect', () => {
    void app.close().then(() => db.close())
  })
  process.send?.({ ready: baseUrl })
}

void main()
