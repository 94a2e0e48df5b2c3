import CCrypto
import Telemetry

/// HMAC-SHA256 and SHA-256 from OpenSSL's libcrypto.
package enum Digest {
    /// HMAC-SHA256(key, message): 32 bytes.
    package static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = key.withUnsafeBufferPointer { keyBuffer in
            message.withUnsafeBufferPointer { messageBuffer in
                // A zero-length key is legal for HMAC, but OpenSSL wants a non-null pointer.
                let keyPointer = keyBuffer.baseAddress ?? UnsafePointer(bitPattern: 1)
                return HMAC(
                    EVP_sha256(), keyPointer, Int32(keyBuffer.count), messageBuffer.baseAddress,
                    messageBuffer.count, &digest, &length)
            }
        }
        // HMAC only fails on allocation failure; an all-zero digest then matches no real signature.
        guard result != nil else { return [UInt8](repeating: 0, count: 32) }
        return Array(digest.prefix(Int(length)))
    }

    /// SHA-256(bytes): 32 bytes.
    package static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBufferPointer { buffer in
            EVP_Digest(buffer.baseAddress, buffer.count, &digest, &length, EVP_sha256(), nil)
        }
        guard ok == 1 else { return [UInt8](repeating: 0, count: 32) }
        return Array(digest.prefix(Int(length)))
    }

    /// Lowercase hex of SHA-256(bytes), e.g. for derived delivery ids.
    package static func sha256Hex(_ bytes: [UInt8]) -> String {
        Hex.encode(sha256(bytes))
    }
}
