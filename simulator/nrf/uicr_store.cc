#include "simulator/nrf/uicr_store.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "simulator/fixture/hex.h"

namespace kb::sim::nrf {

namespace {

NvmGeometry uicr_geometry() {
  NvmGeometry g;
  g.size = kUicrSize;
  g.page_size = kUicrSize;
  g.word_size = 4;
  g.erased_value = 0xFF;
  g.program_clears_bits_only = true;
  g.program_word_ns = kWordProgramNs;
  g.erase_page_ns = kEraseAllNs;
  return g;
}

std::array<uint8_t, 4> le_bytes(uint32_t v) {
  return {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v >> 16),
          static_cast<uint8_t>(v >> 24)};
}

}  // namespace

bool is_halfword_once_word(uint32_t offset) {
  if (offset >= kUicrOtpBegin && offset < kUicrOtpEnd) return true;
  return offset >= kUicrKeyConfigBegin && offset < kUicrKeyValueBegin && (offset % 8) == 4;
}

bool halfword_write_allowed(uint32_t current, uint32_t value) {
  for (unsigned shift : {0u, 16u}) {
    uint32_t next_half = (value >> shift) & 0xFFFFu;
    uint32_t current_half = (current >> shift) & 0xFFFFu;
    if (next_half != 0xFFFFu && current_half != 0xFFFFu) return false;
  }
  return true;
}

UicrStore::UicrStore() : nvm_(uicr_geometry()) {}

uint32_t UicrStore::word(uint32_t offset) const {
  auto b = nvm_.bytes();
  return static_cast<uint32_t>(b[offset]) | static_cast<uint32_t>(b[offset + 1]) << 8 |
         static_cast<uint32_t>(b[offset + 2]) << 16 | static_cast<uint32_t>(b[offset + 3]) << 24;
}

ProgramResult UicrStore::program(uint32_t offset, uint32_t value) {
  if (is_halfword_once_word(offset) && !halfword_write_allowed(word(offset), value)) {
    return {ProgramOutcome::kBlocked, 0};
  }
  ProgramResult r = land(offset, value);
  if (r.outcome == ProgramOutcome::kProgrammed) {
    uint8_t& n = writes_[offset / 4];
    if (n < 255) ++n;
    // Beyond nWRITE silicon no longer guarantees the word; the model keeps the AND but counts it.
    if (n > kNWrite) ++nwrite_violations_;
  }
  return r;
}

ProgramResult UicrStore::zeroize(uint32_t offset) {
  return land(offset, 0);
}

ProgramResult UicrStore::land(uint32_t offset, uint32_t value) {
  auto bytes = le_bytes(value);
  std::optional<Nanoseconds> cost = nvm_.program(offset, bytes);
  if (!cost) return {ProgramOutcome::kTorn, 0};
  return {ProgramOutcome::kProgrammed, *cost};
}

void UicrStore::erase_all() {
  (void)nvm_.erase_all();
  writes_.fill(0);
}

void UicrStore::restore(const std::array<uint32_t, kUicrWords>& words, const std::array<uint8_t, kUicrWords>& counts) {
  std::vector<uint8_t> image;
  image.reserve(kUicrSize);
  for (uint32_t w : words) {
    auto b = le_bytes(w);
    image.insert(image.end(), b.begin(), b.end());
  }
  nlohmann::json snapshot = {{"size", kUicrSize}, {"page_size", kUicrSize}, {"pages", {{"0", to_hex(image)}}}};
  nvm_.load_json(snapshot);
  writes_ = counts;
}

}  // namespace kb::sim::nrf
