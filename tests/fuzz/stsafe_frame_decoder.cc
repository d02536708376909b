// Fuzz target: the STSAFE-A120 model's command frame decoder on arbitrary I2C write bytes.
// Beyond "no crash", every frame it accepts must be consistent with the bytes it came from:
// the spans lie inside the write, and header, payload, C-MAC and CRC add up to its length.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <variant>

#include "simulator/stsafe_a120/frame_decoder.h"

namespace {

namespace model = kb::sim::stsafe_a120;

bool inside(std::span<const uint8_t> part, std::span<const uint8_t> whole) {
  if (part.empty()) return true;
  return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

void check(const model::CommandFrame& f, std::span<const uint8_t> wire) {
  constexpr size_t kCrcLength = 2;
  const size_t header_length = f.ext_code ? 2 : 1;
  const bool consistent = inside(f.payload, wire) && inside(f.cmac, wire) && f.header == wire[0] &&
                          f.code == (wire[0] & model::kCodeMask) &&
                          f.ext_code.has_value() == (f.code == model::kExtendedPrefix) &&
                          f.cmac.size() == ((f.header & model::kCMacFlag) != 0 ? model::kCMacLength : 0) &&
                          header_length + f.payload.size() + f.cmac.size() + kCrcLength == wire.size();
  if (!consistent) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> wire(data, size);
  const auto decoded = model::decode_command_frame(wire);
  if (const auto* frame = std::get_if<model::CommandFrame>(&decoded)) check(*frame, wire);
  return 0;
}
