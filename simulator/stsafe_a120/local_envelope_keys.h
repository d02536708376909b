#pragma once
// Local envelope keys (query tag 0x07, Generate key subject 0x07, wrap 0x0E / unwrap 0x0F; fact
// sheet 2.3, 2.5): AES keys the chip draws itself and never lets out, used to AES-key-wrap host data
// (RFC 3394). Two slots, as the A1xx host library's table query reads (slot 0 and slot 1; the A120
// count is an inference, docs/fidelity.md). Query answer: slot count, then per slot
// slot number | presence | key length (0 AES-128, 1 AES-256; only when present).
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace kb::sim::stsafe_a120 {

inline constexpr size_t kLocalEnvelopeSlotCount = 2;

enum class LocalEnvelopeKeyType : uint8_t { kAes128 = 0, kAes256 = 1 };
inline size_t local_envelope_key_length(LocalEnvelopeKeyType type) {
  return type == LocalEnvelopeKeyType::kAes256 ? 32 : 16;
}

struct LocalEnvelopeKey {
  bool present = false;
  LocalEnvelopeKeyType type = LocalEnvelopeKeyType::kAes128;  // meaningful when present
  std::vector<uint8_t> key;  // local_envelope_key_length(type) bytes when present, else empty
  bool operator==(const LocalEnvelopeKey&) const = default;
};

// Wrap payloads: RFC 3394 needs at least two 64-bit blocks and whole blocks; the chip takes at most
// 480 bytes (fact sheet 1.7). Envelopes are 8 bytes longer.
inline constexpr size_t kMinWrapPayload = 16;
inline constexpr size_t kMaxWrapPayload = 480;
inline constexpr size_t kEnvelopeOverhead = 8;

}  // namespace kb::sim::stsafe_a120
