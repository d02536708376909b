#pragma once
// What a command function does with the payload of its cycle: copy a fixed-size answer, insist
// on the success status group, or read a match/miscompare answer (Verify, CheckMac).
#include <cstdint>
#include <span>

#include "core/atecc/atecc.h"
#include "core/status.h"

namespace kb::core::atecc {

// The payload must be exactly out.size() bytes. A success status group where data was expected
// is kResponseTruncated.
Status copy_payload(const Result<Atecc::Payload>& payload, std::span<uint8_t> out);

// The payload must be the success status byte.
Status expect_success(const Result<Atecc::Payload>& payload);

// 0x00 → true, the miscompare status (0x01) → false, anything else stays an error.
Result<bool> match_or_miscompare(const Result<Atecc::Payload>& payload);

}  // namespace kb::core::atecc
