#include "simulator/atecc608a/monotonic_counter.h"

#include <bit>

namespace kb::sim::atecc608a {

namespace {
constexpr size_t kCounterOffset = 52;
constexpr uint32_t kHalfLag = 16;
constexpr uint32_t kWrap = 32;

uint16_t be16(std::span<const uint8_t> b, size_t at) {
  return static_cast<uint16_t>(b[at] << 8 | b[at + 1]);
}
void put_be16(std::span<uint8_t> b, size_t at, uint32_t v) {
  b[at] = static_cast<uint8_t>(v >> 8);
  b[at + 1] = static_cast<uint8_t>(v);
}
// How many counts a linear field holds: one per one bit shifted out of 0xFFFF.
uint32_t linear_count(uint16_t field) {
  return 16 - static_cast<uint32_t>(std::popcount(field));
}
}  // namespace

std::array<uint8_t, 8> encode_counter(uint32_t v) {
  std::array<uint8_t, 8> out{};
  const bool b_started = v >= kHalfLag;
  put_be16(out, 0, 0xFFFFu >> (v % kWrap));
  put_be16(out, 2, b_started ? 0xFFFFu >> ((v - kHalfLag) % kWrap) : 0xFFFFu);
  put_be16(out, 4, v / kWrap);
  put_be16(out, 6, b_started ? (v - kHalfLag) / kWrap : 0);
  return out;
}

uint32_t decode_counter(std::span<const uint8_t, 8> bytes) {
  const uint16_t lin_a = be16(bytes, 0);
  if (lin_a != 0) return kWrap * be16(bytes, 4) + linear_count(lin_a);
  return kHalfLag + kWrap * be16(bytes, 6) + linear_count(be16(bytes, 2));
}

uint32_t counter_value(const Eeprom& eeprom, size_t counter) {
  return decode_counter(eeprom.config().subspan(kCounterOffset + 8 * counter).first<8>());
}

std::optional<uint32_t> increment_counter(Eeprom& eeprom, size_t counter) {
  const uint32_t now = counter_value(eeprom, counter);
  if (now >= kCounterMax) return std::nullopt;
  const std::array<uint8_t, 8> next = encode_counter(now + 1);
  const size_t at = kCounterOffset + 8 * counter;
  const auto stored = eeprom.config().subspan(at, 8);
  const std::span<const uint8_t> linear(next.data(), 4), binary(next.data() + 4, 4);
  if (!std::equal(binary.begin(), binary.end(), stored.begin() + 4)) eeprom.write_config(at + 4, binary);
  if (!std::equal(linear.begin(), linear.end(), stored.begin())) eeprom.write_config(at, linear);
  return now + 1;
}

}  // namespace kb::sim::atecc608a
