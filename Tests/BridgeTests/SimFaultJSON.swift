import JSON
import SnifferSim

/// `SimFault`s from their JSON form, as `POST /_sim/faults` takes them.
enum SimFaultJSON {
    static func make(_ json: JSON) throws -> SimFault {
        try SimFault(json: json)
    }
}
