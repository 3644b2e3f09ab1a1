// The runtime suite's worker in workerd: a POST of the vector table answers with the outcomes, each vector run there
// as a real Request through the installed package (bundled by build.mjs for the `workerd` condition).
import { type Vector, runVectors } from './conformance'

export default {
  async fetch(request: Request): Promise<Response> {
    return Response.json(await runVectors((await request.json()) as Vector[]))
  },
}
