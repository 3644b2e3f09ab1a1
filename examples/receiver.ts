// `npm run receiver`: the reference receiver of fastify-postgres.ts as a program. It prints `listening on
// http://HOST:PORT` when ready, one JSON line per delivery, and stops on SIGTERM or SIGINT after the requests in
// flight are answered.
import { startReceiver } from './fastify-postgres'

startReceiver(process.env).then(
  (receiver) => {
    process.stdout.write(`listening on ${receiver.url}\n`)
    const stop = () => {
      receiver.close().then(
        () => process.exit(0),
        (error: Error) => {
          process.stderr.write(`receiver: ${error.message}\n`)
          process.exit(1)
        },
      )
    }
    process.once('SIGTERM', stop)
    process.once('SIGINT', stop)
  },
  (error: Error) => {
    process.stderr.write(`receiver: ${error.message}\n`)
    process.exit(1)
  },
)
