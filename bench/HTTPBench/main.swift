// bench-http: the listener with one route, for `bench/HTTPBench/run.sh`.
// POST /hooks/github answers 202 once the whole body is read (the parser
// hands the handler complete requests only). Prints the bound port, then
// serves until killed. Usage: bench-http [port] [loops]
import Glibc
import HTTP

let arguments = CommandLine.arguments
let port = arguments.count > 1 ? Int(arguments[1]) ?? 0 : 0
let loops = arguments.count > 2 ? Int(arguments[2]) : nil

var router = HTTPRouter()
router.add("POST", "/hooks/github") { request in
    HTTPResponse(status: 202, headers: ["Content-Type": "application/json"], body: Array(#"{"accepted": true}"#.utf8))
}
router.add("GET", "/health") { _ in HTTPResponse(status: 200, body: Array("ok".utf8)) }

let server = HTTPServer(configuration: .init(host: "127.0.0.1", port: port, loopCount: loops), handler: router)
do {
    let address = try server.start()
    print(address.port)
    fflush(nil)
} catch {
    print("bench-http: \(error)")
    exit(1)
}
while true { pause() }
