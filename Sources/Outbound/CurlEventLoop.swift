import CCurl
import Foundation
import Synchronization

/// The body of a `CurlTransport`'s one dedicated thread: drains the
/// submission queue, drives every transfer with `curl_multi_perform`, hands
/// finished ones back and sleeps in `curl_multi_poll` until the network, a
/// libcurl timer or `curl_multi_wakeup` needs it.
///
/// Created on the loop thread and never leaves it, so its state needs no lock.
final class CurlEventLoop {
    private let core: CurlTransportCore
    private var inFlight: [UnsafeMutableRawPointer: CurlEasy] = [:]
    /// No in-flight deadline is earlier than this (it may be stale-early after
    /// removals, which only costs one extra scan).
    private var earliestDeadline: ContinuousClock.Instant?

    /// The longest sleep in `poll` when nothing happens; wakeups cut it short.
    private static let idlePollMilliseconds: Int32 = 1000

    /// Starts the thread that runs a loop over `core` until shutdown.
    static func start(core: CurlTransportCore) {
        let thread = Thread {
            CurlEventLoop(core: core).run()
        }
        thread.name = "curl-transport"
        thread.start()
    }

    private init(core: CurlTransportCore) {
        self.core = core
    }

    private func run() {
        while true {
            let (submissions, cancelled, stopping) = core.state.withLock { state in
                defer {
                    state.pending.removeAll()
                    state.cancelled.removeAll()
                }
                return (state.pending, state.cancelled, state.isShutDown)
            }
            for submission in submissions {
                start(submission, failingWith: stopping ? CurlTransportCore.shutDownFailure : nil)
            }
            if stopping {
                abortAll(with: CurlTransportCore.shutDownFailure)
                core.loopRunning.store(false, ordering: .releasing)
                return
            }
            if !cancelled.isEmpty {
                abort(ids: cancelled)
            }
            core.multi.perform()
            for (handle, code) in core.multi.finishedTransfers() {
                guard let easy = inFlight.removeValue(forKey: handle) else { continue }
                core.multi.remove(easy)
                finish(easy, easy.result(for: code))
            }
            expireOverdueTransfers()
            core.multi.poll(timeoutMilliseconds: pollTimeout())
        }
    }

    private func start(_ submission: CurlTransportCore.Submission, failingWith failure: TransportFailure?) {
        if let failure {
            core.finish(submission.continuation, .failure(failure))
            return
        }
        switch CurlEasy.make(
            id: submission.id, request: submission.request, configuration: core.configuration,
            continuation: submission.continuation)
        {
        case .failure(let failure):
            core.finish(submission.continuation, .failure(failure))
        case .success(let easy):
            guard core.multi.add(easy) else {
                finish(easy, .failure(TransportFailure(.other, "libcurl refused the transfer")))
                return
            }
            core.counters.requestsStarted.add(1, ordering: .relaxed)
            inFlight[easy.handle] = easy
            earliestDeadline = min(earliestDeadline ?? easy.deadline, easy.deadline)
        }
    }

    /// Fails transfers past their deadline that libcurl has not timed out
    /// (those still queued for a connection slot).
    private func expireOverdueTransfers() {
        guard let earliest = earliestDeadline else { return }
        let now = ContinuousClock.now
        guard now >= earliest else { return }
        earliestDeadline = nil
        for (handle, easy) in inFlight {
            if easy.deadline <= now {
                inFlight.removeValue(forKey: handle)
                core.multi.remove(easy)
                let millis = easy.timeout.curlMilliseconds
                finish(easy, .failure(TransportFailure(.timeout, "request timed out after \(millis) ms")))
            } else {
                earliestDeadline = min(earliestDeadline ?? easy.deadline, easy.deadline)
            }
        }
    }

    /// Sleep until the next deadline at the latest, and never more than a second.
    private func pollTimeout() -> Int32 {
        guard let earliest = earliestDeadline else { return Self.idlePollMilliseconds }
        let remaining = ContinuousClock.now.duration(to: earliest)
        if remaining <= .zero { return 0 }
        return Int32(min(remaining.curlMilliseconds, Int(Self.idlePollMilliseconds)))
    }

    private func abort(ids: Set<UInt64>) {
        for (handle, easy) in inFlight where ids.contains(easy.id) {
            inFlight.removeValue(forKey: handle)
            core.multi.remove(easy)
            finish(easy, .failure(CurlTransportCore.cancelledFailure))
        }
    }

    private func abortAll(with failure: TransportFailure) {
        for easy in inFlight.values {
            core.multi.remove(easy)
            finish(easy, .failure(failure))
        }
        inFlight.removeAll()
    }

    private func finish(_ easy: CurlEasy, _ result: Result<OutboundResponse, TransportFailure>) {
        core.counters.connectionsOpened.add(easy.connectionsOpened, ordering: .relaxed)
        core.counters.record(result)
        easy.complete(result)
    }
}
