#include "core/nrf/kdf_port.h"

#include "core/nrf/nrf_status.h"
#include "core/nrf/poll.h"

namespace kb::core::nrf {

namespace {
constexpr uint32_t kTasksStart = 0x000;
constexpr uint32_t kEventsDone = 0x100;
constexpr uint32_t kEventsError = 0x104;
constexpr uint32_t kKeybits = 0x200;
constexpr uint32_t kLabelSize = 0x204;
constexpr uint32_t kContextSize = 0x208;
constexpr uint32_t kOutputSize = 0x20C;
constexpr uint32_t kLabel = 0x300;
constexpr uint32_t kContext = 0x340;
constexpr uint32_t kOutput = 0x380;
constexpr size_t kMaxBytes = 64;
constexpr uint32_t kBudgetUs = 5000;
constexpr uint32_t kStepUs = 5;
}  // namespace

void KdfPortDeriver::load(uint32_t offset, std::span<const uint8_t> bytes) {
  auto& bus = kmu_.nvmc().bus();
  for (size_t w = 0; w < kMaxBytes / 4; ++w) {
    uint32_t word = 0;
    for (size_t b = 0; b < 4; ++b) {
      const size_t i = 4 * w + b;
      if (i < bytes.size()) word |= static_cast<uint32_t>(bytes[i]) << (8 * b);
    }
    bus.write32(base_ + offset + static_cast<uint32_t>(4 * w), word);
  }
}

Status KdfPortDeriver::derive(unsigned slot, unsigned keybits, std::span<const uint8_t> label,
                              std::span<const uint8_t> context, std::span<uint8_t> out) {
  if ((keybits != 128 && keybits != 256) || label.empty() || label.size() > kMaxBytes || context.size() > kMaxBytes ||
      out.empty() || out.size() > kMaxBytes) {
    return Code::kInvalidArgument;
  }
  // The key halves land in the AES key register through their slots' DEST.
  for (unsigned i = 0; i < keybits / 128; ++i) KB_TRY(kmu_.push(slot + i));

  auto& bus = kmu_.nvmc().bus();
  bus.write32(base_ + kEventsDone, 0);
  bus.write32(base_ + kEventsError, 0);
  bus.write32(base_ + kKeybits, keybits);
  bus.write32(base_ + kLabelSize, static_cast<uint32_t>(label.size()));
  bus.write32(base_ + kContextSize, static_cast<uint32_t>(context.size()));
  bus.write32(base_ + kOutputSize, static_cast<uint32_t>(out.size()));
  load(kLabel, label);
  load(kContext, context);
  bus.write32(base_ + kTasksStart, 1);
  uint32_t done = 0, error = 0;
  const bool finished = poll_until(kmu_.nvmc().clock(), kBudgetUs, kStepUs, [&] {
    done = bus.read32(base_ + kEventsDone);
    error = bus.read32(base_ + kEventsError);
    return (done | error) != 0;
  });
  if (!finished || error != 0 || done == 0) return nrf_status(NrfStatus::kKdfFailed);
  for (size_t i = 0; i < out.size(); i += 4) {
    const uint32_t w = bus.read32(base_ + kOutput + static_cast<uint32_t>(i));
    for (size_t b = 0; b < 4 && i + b < out.size(); ++b) out[i + b] = static_cast<uint8_t>(w >> (8 * b));
  }
  return Status();
}

}  // namespace kb::core::nrf
