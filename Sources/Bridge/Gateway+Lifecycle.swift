import Delivery
import HTTP
import Store
import Telemetry

extension Gateway {
    /// How one child task of `run()`'s task group ended.
    private enum LoopEnd: Sendable {
        /// A loop (dispatch, delivery, prune) returned.
        case loop
        /// `shutdown_timeout` passed after `stop()`.
        case deadline
    }

    /// The gateway's whole life: recovers what a crash left in flight,
    /// dispatches events stored without their actions, listens (then calls
    /// `onListening`), and runs the dispatch, delivery and prune loops as
    /// child tasks of one task group until `stop()` (or until the calling
    /// task is cancelled, which cuts deliveries off at once).
    ///
    /// Stopping: no new connections, requests in flight answered, the
    /// dispatcher finishes its pass and no new delivery starts; deliveries in
    /// flight get `[server].shutdown_timeout` to finish. Those still running
    /// at the deadline are cancelled and stay in the outbox (in flight,
    /// recovered and retried on the next start, where the executor looks
    /// before it repeats a side effect). Returns once every child has
    /// finished and the store is closed. A gateway runs once.
    public func run(onListening: @Sendable (SocketAddress) -> Void = { _ in }) async throws(GatewayError) {
        let first = began.withLock { began in
            defer { began = true }
            return !began
        }
        guard first else { throw GatewayError(.lifecycle, "the gateway has already run or been stopped") }
        do throws(GatewayError) {
            let address = try await begin()
            onListening(address)
            await runLoops()
        } catch {
            await release()
            throw error
        }
        await release()
    }

    /// Runs the gateway in a task of its own (`run()`); returns once it listens.
    @discardableResult
    public func start() async throws(GatewayError) -> SocketAddress {
        let (stream, continuation) = AsyncStream.makeStream(of: Result<SocketAddress, GatewayError>.self)
        // The one task outside `run()`'s structure: `stop()` ends it and waits for it.
        Task {
            do throws(GatewayError) {
                try await self.run { continuation.yield(.success($0)) }
            } catch {
                continuation.yield(.failure(error))
            }
            continuation.finish()
        }
        for await result in stream { return try result.get() }
        throw GatewayError(.lifecycle, "the gateway stopped before it listened")
    }

    /// Graceful stop (see `run()`): returns once `run()` has returned. On a
    /// gateway that never ran it closes the store and the HTTP client.
    public func stop() async {
        let running = began.withLock { began in
            defer { began = true }
            return began
        }
        guard running else {
            await release()
            return
        }
        stopRequested.open()
        await ended.wait()
    }

    /// Recovers, drains the dispatch backlog and listens; returns the bound address.
    private func begin() async throws(GatewayError) -> SocketAddress {
        do {
            let recovered = try await store.recoverInFlight(now: options.clock.now)
            if recovered > 0 {
                options.logger.notice("Recovered deliveries left in flight", metadata: ["count": "\(recovered)"])
            }
        } catch {
            throw GatewayError(.store, "cannot recover in-flight deliveries: \(error)")
        }
        // Events a power loss left without their actions go first: until they
        // are dispatched, fresh events queue behind them in the slow path.
        while !stopRequested.isOpen, (try? await dispatchPass()) ?? 0 > 0 {}
        let address: SocketAddress
        do { address = try server.start() } catch {
            throw GatewayError(.listen, "cannot listen on \(settings.host):\(options.portOverride ?? settings.port): \(error)")
        }
        options.logger.info(
            "Gateway listening",
            metadata: ["address": "\(address)", "sources": "\(snapshots.snapshot.mappings.files.count) mapping files"])
        return address
    }

    /// The loops, until `stop()`; then the shutdown deadline. The span
    /// exporter runs beside them and sends what is left once they are done.
    private func runLoops() async {
        guard let exporter = spanExporter else { return await runPipelineLoops() }
        await withDiscardingTaskGroup { group in
            group.addTask { await exporter.run() }
            await runPipelineLoops()
            exporter.stop()
        }
    }

    /// The dispatch, delivery and prune loops, until `stop()`; then the shutdown deadline.
    private func runPipelineLoops() async {
        let scheduler = self.scheduler
        await withTaskGroup(of: LoopEnd.self) { group in
            group.addTask {
                await self.dispatchLoop()
                return .loop
            }
            group.addTask {
                await scheduler.run()
                return .loop
            }
            group.addTask {
                await self.pruneLoop()
                return .loop
            }
            await stopRequested.wait()
            server.stop()
            loopsStopping.store(true, ordering: .releasing)
            dispatchWakeup.signal()
            pruneWakeup.signal()
            scheduler.stop()
            let milliseconds = options.shutdownTimeout.map(DeliveryDecision.milliseconds)
                ?? snapshots.snapshot.config.server.shutdownTimeoutMilliseconds
            let clock = options.clock
            group.addTask {
                try? await clock.sleep(for: .milliseconds(milliseconds))
                return .deadline
            }
            var loopsLeft = 3
            while let end = await group.next() {
                switch end {
                case .loop:
                    loopsLeft -= 1
                    if loopsLeft == 0 { group.cancelAll() }
                case .deadline where loopsLeft > 0:
                    options.logger.warning(
                        "Stop deadline passed with deliveries in flight; they stay in the outbox for the next start",
                        metadata: ["in_flight": "\(scheduler.inFlight)", "shutdown_timeout_ms": "\(milliseconds)"])
                    group.cancelAll()
                case .deadline: break
                }
            }
        }
    }

    /// Closes the store and the HTTP client, then lets `stop()` return.
    private func release() async {
        await store.close()
        transport.shutdown()
        ended.open()
    }

    /// Dispatches the events stored without their actions (see `Dispatcher`),
    /// polling: fresh events get theirs at ingest and never wait for it.
    private func dispatchLoop() async {
        while !loopsStopping.load(ordering: .acquiring), !Task.isCancelled {
            if (try? await dispatchPass()) ?? 0 > 0 { continue }
            await dispatchWakeup.wait(timeout: options.pollInterval)
        }
    }

    /// One dispatcher pass with the current snapshot's mappings; returns how
    /// many events it dispatched (errors are logged and rethrown).
    private func dispatchPass() async throws(StoreError) -> Int {
        var dispatcher = Dispatcher(store: store, mappings: snapshots.snapshot.mappings, logger: options.logger)
        dispatcher.metrics = metrics
        do {
            let count = try await dispatcher.dispatchPending(now: options.clock.now)
            if count > 0 { scheduler.poke() }
            return count
        } catch {
            options.logger.error("Could not dispatch stored events", metadata: [LogKey.error: "\(error)"])
            throw error
        }
    }

    /// Retention: what is finished and older than `options.retention` is deleted, hourly by default.
    private func pruneLoop() async {
        while !loopsStopping.load(ordering: .acquiring), !Task.isCancelled {
            let cutoff = options.clock.now - DeliveryDecision.milliseconds(options.retention)
            do {
                let pruned = try await store.prune(olderThan: cutoff)
                options.logger.debug("Pruned finished events and deliveries", metadata: ["result": "\(pruned)"])
            } catch {
                options.logger.error("Could not prune the store", metadata: [LogKey.error: "\(error)"])
            }
            await pruneWakeup.wait(timeout: options.pruneInterval)
        }
    }
}
