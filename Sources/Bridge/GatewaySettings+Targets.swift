import Config
import Delivery

/// What the gateway knows of each delivery target: its breaker settings and
/// its address. A new target adds its arm to `address(of:)`; its
/// `[<target>.breaker]` is found by its name.
extension GatewaySettings {
    /// Each target's `[<target>.breaker]`, as the scheduler takes it.
    static func breakers(_ config: BridgeConfig) -> [DeliveryTarget: CircuitBreaker.Configuration] {
        Dictionary(uniqueKeysWithValues: DeliveryTarget.allCases.map { target in
            (target, CircuitBreaker.Configuration(config.breaker(of: target.rawValue)))
        })
    }

    /// Where `target` is reached. A reload that changes it points the
    /// deliveries at another server, whose health the breaker does not know:
    /// it starts closed.
    package func address(of target: DeliveryTarget) -> String {
        switch target {
        case .sniffer: snifferBaseURL
        case .snipeIT: snipeIT?.baseURL ?? ""
        }
    }
}

extension CircuitBreaker.Configuration {
    /// A loaded `[<target>.breaker]` table (the loader checked every value).
    init(_ breaker: BridgeConfig.Breaker) {
        self.init(
            enabled: breaker.enabled, failures: breaker.failures, failureRatio: breaker.failureRatio,
            window: .milliseconds(breaker.windowMilliseconds), minCalls: breaker.minCalls,
            cooldown: .milliseconds(breaker.cooldownMilliseconds), maxCooldown: .milliseconds(breaker.maxCooldownMilliseconds))
    }
}
