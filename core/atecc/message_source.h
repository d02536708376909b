#pragma once
#include <cstdint>

namespace kb::core::atecc {

// Where Sign (external) and Verify take their 32-byte message from: TempKey, or on the 608 the
// message digest buffer (mode bit 5). Nonce pass-through or SHA end put it there.
enum class MessageSource : uint8_t { kTempKey = 0x00, kMessageDigestBuffer = 0x20 };

}  // namespace kb::core::atecc
