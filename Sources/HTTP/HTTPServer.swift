import Glibc
import Synchronization

/// The inbound HTTP/1.1 listener: epoll loop threads serving one handler.
///
/// ```swift
/// var router = HTTPRouter()
/// router.add("POST", "/hooks/github") { request in HTTPResponse(status: 202) }
/// let server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0), handler: router)
/// let address = try server.start()   // address.port is the bound port
/// ...
/// server.stop()                      // graceful: finishes requests in flight
/// ```
public final class HTTPServer: Sendable {
    public let configuration: Configuration
    private let context: ServerContext
    private let running = Mutex<Running?>(nil)

    private struct Running: Sendable {
        var address: SocketAddress
        var loops: [EventLoop]
        var threads: [pthread_t]
    }

    public init(configuration: Configuration = Configuration(), handler: any HTTPHandler) {
        self.configuration = configuration
        context = ServerContext(configuration: configuration, handler: handler)
    }

    deinit {
        stop()
    }

    /// The bound address while running.
    public var localAddress: SocketAddress? { running.withLock { $0?.address } }

    /// The bound port while running (the chosen one when configured with 0).
    public var port: Int? { localAddress?.port }

    /// How many connections were accepted since the server was created.
    public var connectionsAccepted: Int { context.acceptedCount.load(ordering: .relaxed) }

    /// How many connections are open right now (tests wait on it).
    package var connectionsOpen: Int { context.connectionCount.load(ordering: .relaxed) }

    /// Binds, listens and starts the loop threads; returns the bound address.
    /// Throws `IOError` when the address cannot be bound.
    @discardableResult
    public func start() throws -> SocketAddress {
        try running.withLock { running throws -> SocketAddress in
            if let running { return running.address }
            let count = context.loopCount
            // One listening socket per loop on the same port (SO_REUSEPORT):
            // the kernel spreads new connections across the loops.
            if count > 1, configuration.port != 0 {
                // SO_REUSEPORT would let a second server (same user) share a
                // port silently; a plain bind first fails if it is taken.
                try Socket.listen(host: configuration.host, port: configuration.port, backlog: 1, reusePort: false)
                    .close()
            }
            var listeners: [Socket] = []
            let first = try Socket.listen(
                host: configuration.host, port: configuration.port, backlog: configuration.backlog, reusePort: count > 1)
            listeners.append(first)
            let address = try first.localAddress()
            for _ in 1..<count {
                listeners.append(
                    try Socket.listen(
                        host: configuration.host, port: address.port, backlog: configuration.backlog, reusePort: true))
            }
            var loops: [EventLoop] = []
            var threads: [pthread_t] = []
            do {
                for (index, listener) in listeners.enumerated() {
                    let loop = try EventLoop(index: index)
                    let start = ThreadStart(loop: loop, context: context, listenerFD: listener.fd)
                    threads.append(try Self.spawn(start))
                    // The runner owns the fd from here on.
                    listener.release()
                    loops.append(loop)
                }
            } catch {
                // Undo the loops already running; the remaining listeners close on release.
                for loop in loops { loop.requestStop() }
                for thread in threads { pthread_join(thread, nil) }
                throw error
            }
            running = Running(address: address, loops: loops, threads: threads)
            return address
        }
    }

    /// Stops gracefully: no new connections, idle ones closed, requests in
    /// flight answered (up to `gracefulStopTimeout`), then returns. Called
    /// from a handler on a loop thread, it starts the stop and returns at once.
    public func stop() {
        guard let stopped = running.withLock({ running -> Running? in
            defer { running = nil }
            return running
        }) else { return }
        for loop in stopped.loops { loop.requestStop() }
        // Called on a loop thread (from a handler): the loops stop on their
        // own; joining would wait for this very thread.
        if stopped.loops.contains(where: \.isCurrentThread) {
            for thread in stopped.threads { pthread_detach(thread) }
            return
        }
        for thread in stopped.threads { pthread_join(thread, nil) }
    }

    private static func spawn(_ start: ThreadStart) throws(IOError) -> pthread_t {
        var thread = pthread_t()
        let box = Unmanaged.passRetained(start).toOpaque()
        let status = pthread_create(&thread, nil, { argument in
            guard let argument else { return nil }
            let start = Unmanaged<ThreadStart>.fromOpaque(argument).takeRetainedValue()
            start.run()
            return nil
        }, box)
        guard status == 0 else {
            Unmanaged<ThreadStart>.fromOpaque(box).release()
            throw IOError(errno: status, call: "pthread_create")
        }
        return thread
    }
}

/// What a new loop thread needs; the runner itself is built on the thread.
private final class ThreadStart: Sendable {
    let loop: EventLoop
    let context: ServerContext
    let listenerFD: Int32

    init(loop: EventLoop, context: ServerContext, listenerFD: Int32) {
        self.loop = loop
        self.context = context
        self.listenerFD = listenerFD
    }

    func run() {
        guard let runner = try? LoopRunner(loop: loop, context: context, listenerFD: listenerFD) else {
            close(listenerFD)
            return
        }
        runner.run()
    }
}
