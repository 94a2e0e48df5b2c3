import CCurl
import Foundation

/// The body of a `CurlTransport`'s one dedicated thread: drains the
/// submission queue, drives every transfer with `curl_multi_perform`, hands
/// finished ones back and sleeps in `curl_multi_poll` until the network, a
/// libcurl timer or `curl_multi_wakeup` needs it.
///
/// Created on the loop thread and never leaves it, so its state needs no lock.
final class CurlEventLoop {
    private let core: CurlTransportCore
    private var inFlight: [UnsafeMutableRawPointer: CurlEasy] = [:]

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
            core.multi.poll(timeoutMilliseconds: Self.idlePollMilliseconds)
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
        }
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
