#pragma once
// The one piece of ASN.1 the applications read themselves: how long a DER element is, from its
// header (X.690 8.1.3: short form, or 0x81..0x83 followed by 1..3 length bytes), so that a
// certificate can be sized from its first bytes before it is read. Everything else about a
// certificate is the platform's X.509 library's business (hal/certificates.h).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace kb::fw {

// Bytes of header the longest form this reader takes needs: tag, 0x83, 3 length bytes.
inline constexpr size_t kDerHeaderPeekBytes = 5;

// The total size (header + contents) of the DER element starting at header[0] when it is a
// SEQUENCE (tag 0x30) with a definite length of its minimal form; nullopt for anything else
// (another tag, indefinite or non-minimal length, a length form over 3 bytes, too few bytes).
std::optional<size_t> der_sequence_size(std::span<const uint8_t> header);

}  // namespace kb::fw
