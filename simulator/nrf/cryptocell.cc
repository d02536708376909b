#include "simulator/nrf/cryptocell.h"

#include <vector>

#include "simulator/nrf/nrf5340_map.h"
#include "simulator/nrf/sp800_108_cmac.h"

namespace kb::sim::nrf {

namespace {

bool in_array(uint32_t address, uint32_t base) {
  return address >= base && address < base + kCcKeyBytes;
}

std::vector<uint8_t> unpack(const std::array<uint32_t, 16>& words, uint32_t size) {
  std::vector<uint8_t> out(size);
  for (uint32_t i = 0; i < size; ++i) out[i] = static_cast<uint8_t>(words[i / 4] >> (8 * (i % 4)));
  return out;
}

}  // namespace

CryptoCell::CryptoCell(Scheduler& scheduler) : scheduler_(scheduler) {}

bool CryptoCell::is_key_register(uint32_t address) {
  return in_array(address, kCcAesKeyBase) || in_array(address, kCcChachaKeyBase);
}

bool CryptoCell::is_push_destination(uint32_t address) {
  return address == kCcAesKeyBase || address == kCcAesKeyBase + 16 || address == kCcChachaKeyBase ||
         address == kCcChachaKeyBase + 16;
}

void CryptoCell::write_key_word(uint32_t address, uint32_t value) {
  if (in_array(address, kCcAesKeyBase)) {
    unsigned i = (address - kCcAesKeyBase) / 4;
    aes_[i] = value;
    aes_loaded_ = static_cast<uint8_t>(aes_loaded_ | (1u << i));
  } else if (in_array(address, kCcChachaKeyBase)) {
    chacha_[(address - kCcChachaKeyBase) / 4] = value;
  }
}

void CryptoCell::push(uint32_t dest, const std::array<uint32_t, 4>& words) {
  for (unsigned i = 0; i < 4; ++i) write_key_word(dest + 4 * i, words[i]);
}

std::array<uint8_t, 32> CryptoCell::bytes_of(const std::array<uint32_t, 8>& words) {
  std::array<uint8_t, 32> out{};
  for (unsigned i = 0; i < 32; ++i) out[i] = static_cast<uint8_t>(words[i / 4] >> (8 * (i % 4)));
  return out;
}

uint32_t CryptoCell::read_port(uint32_t offset, bool& mapped) const {
  mapped = true;
  switch (offset) {
    case kKdfEventsDone: return events_done_;
    case kKdfEventsError: return events_error_;
    case kKdfKeybits: return keybits_;
    case kKdfLabelSize: return label_size_;
    case kKdfContextSize: return context_size_;
    case kKdfOutputSize: return output_size_;
    case kKdfErrorSrc: return error_src_;
    default: break;
  }
  if (offset >= kKdfOutput && offset < kKdfOutput + 64 && offset % 4 == 0) return output_[(offset - kKdfOutput) / 4];
  // Label and context are write-only inputs.
  if (offset >= kKdfLabel && offset < kKdfOutput && offset % 4 == 0) return 0;
  mapped = false;
  return 0;
}

void CryptoCell::write_port(uint32_t offset, uint32_t value, bool& mapped) {
  mapped = true;
  switch (offset) {
    case kKdfTasksStart:
      if (value & 1u) start();
      return;
    case kKdfEventsDone: events_done_ = value & 1u; return;
    case kKdfEventsError: events_error_ = value & 1u; return;
    case kKdfKeybits: keybits_ = value; return;
    case kKdfLabelSize: label_size_ = value; return;
    case kKdfContextSize: context_size_ = value; return;
    case kKdfOutputSize: output_size_ = value; return;
    default: break;
  }
  if (offset >= kKdfLabel && offset < kKdfLabel + 64 && offset % 4 == 0) {
    label_[(offset - kKdfLabel) / 4] = value;
  } else if (offset >= kKdfContext && offset < kKdfContext + 64 && offset % 4 == 0) {
    context_[(offset - kKdfContext) / 4] = value;
  } else {
    mapped = false;
  }
}

void CryptoCell::start() {
  if (busy_) return;
  const uint64_t generation = generation_;
  auto fail = [this, generation](uint32_t why) {
    busy_ = true;
    scheduler_.schedule_in(kCmacBlockNs, [this, generation, why] {
      if (generation != generation_) return;
      busy_ = false;
      error_src_ = why;
      events_error_ = 1;
    });
  };
  const bool sizes_ok = (keybits_ == 128 || keybits_ == 256) && label_size_ >= 1 && label_size_ <= kKdfMaxBytes &&
                        context_size_ <= kKdfMaxBytes && output_size_ >= 1 && output_size_ <= kKdfMaxBytes;
  if (!sizes_ok) return fail(kKdfErrorBadSize);
  const uint8_t need = keybits_ == 256 ? 0xFF : 0x0F;
  if ((aes_loaded_ & need) != need) return fail(kKdfErrorKeyNotLoaded);

  auto key = aes_key();
  std::vector<uint8_t> out = sp800_108_cmac(std::span<const uint8_t>(key.data(), keybits_ / 8),
                                            unpack(label_, label_size_), unpack(context_, context_size_), output_size_);
  std::array<uint32_t, 16> words{};
  for (size_t i = 0; i < out.size(); ++i) words[i / 4] |= static_cast<uint32_t>(out[i]) << (8 * (i % 4));
  const Nanoseconds blocks = (output_size_ + 15) / 16;
  busy_ = true;
  ++derivations_;
  scheduler_.schedule_in(blocks * kCmacBlockNs, [this, generation, words] {
    if (generation != generation_) return;
    busy_ = false;
    output_ = words;
    error_src_ = 0;
    events_done_ = 1;
  });
}

void CryptoCell::reset() {
  ++generation_;
  aes_.fill(0);
  chacha_.fill(0);
  aes_loaded_ = 0;
  events_done_ = events_error_ = 0;
  keybits_ = label_size_ = context_size_ = output_size_ = error_src_ = 0;
  label_.fill(0);
  context_.fill(0);
  output_.fill(0);
  busy_ = false;
}

}  // namespace kb::sim::nrf
