// The few Deno and Bun globals the recipes use, declared so that the examples type-check without either runtime's
// type package. They follow Deno's and Bun's own declarations, narrowed to what deno.ts and bun.ts call.
declare namespace Deno {
  interface NetAddr {
    hostname: string
    port: number
  }
  interface HttpServer {
    readonly addr: NetAddr
    shutdown(): Promise<void>
  }
  function serve(
    options: { hostname?: string; port?: number; onListen?: (addr: NetAddr) => void },
    handler: (request: Request) => Response | Promise<Response>,
  ): HttpServer
  const env: { get(name: string): string | undefined; toObject(): Record<string, string> }
}

declare namespace Bun {
  type Handler = (request: Request) => Response | Promise<Response>
  interface Server {
    readonly url: URL
    readonly port: number
    stop(closeActiveConnections?: boolean): Promise<void>
  }
  function serve(options: {
    hostname?: string
    port?: number
    maxRequestBodySize?: number
    routes?: Record<string, Partial<Record<'GET' | 'POST' | 'PUT' | 'DELETE', Handler>>>
    fetch: Handler
  }): Server
  const env: Record<string, string | undefined>
}
