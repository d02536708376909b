#include "simulator/nvm/nvm.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "simulator/fixture/hex.h"

namespace kb::sim {

Nvm::Nvm(const NvmGeometry& geometry) : g_(geometry) {
  if (g_.size == 0 || g_.page_size == 0 || g_.word_size == 0 || g_.size % g_.page_size != 0 ||
      g_.page_size % g_.word_size != 0) {
    throw std::invalid_argument("NVM geometry: size must be whole pages, pages whole words");
  }
  bytes_.assign(g_.size, g_.erased_value);
  wear_.assign(g_.size / g_.page_size, 0);
}

void Nvm::read(size_t offset, std::span<uint8_t> out) const {
  if (offset > bytes_.size() || out.size() > bytes_.size() - offset) throw std::out_of_range("NVM read outside memory");
  for (size_t i = 0; i < out.size(); ++i) out[i] = bytes_[offset + i];
}

std::optional<Nanoseconds> Nvm::program(size_t offset, std::span<const uint8_t> data) {
  if (offset > bytes_.size() || data.size() > bytes_.size() - offset)
    throw std::out_of_range("NVM program outside memory");
  ++program_ops_;
  if (data.empty()) return Nanoseconds{0};
  size_t first_word = offset / g_.word_size;
  size_t last_word = (offset + data.size() - 1) / g_.word_size;
  Nanoseconds cost = 0;
  for (size_t w = first_word; w <= last_word; ++w) {
    size_t begin = w * g_.word_size;
    if (cut_before({NvmWrite::Kind::kProgramWord, begin})) return std::nullopt;
    for (size_t b = begin; b < begin + g_.word_size; ++b) {
      if (b < offset || b >= offset + data.size()) continue;
      uint8_t v = data[b - offset];
      bytes_[b] = g_.program_clears_bits_only ? static_cast<uint8_t>(bytes_[b] & v) : v;
    }
    ++wear_[begin / g_.page_size];
    ++words_programmed_;
    cost += g_.program_word_ns;
  }
  current_.reset();
  return cost;
}

bool Nvm::cut_before(const NvmWrite& write) {
  current_ = write;
  bool cut = false;
  if (cut_countdown_) {
    if (*cut_countdown_ == 0) {
      cut_countdown_.reset();
      cut = true;
    } else {
      --*cut_countdown_;
    }
  }
  if (!cut && hook_ && hook_(write) == NvmWriteVerdict::kCutPower) cut = true;
  if (cut) cut_fired_ = true;
  return cut;
}

std::optional<Nanoseconds> Nvm::erase_page(size_t page) {
  if (page >= wear_.size()) throw std::out_of_range("NVM erase of a page outside memory");
  size_t begin = page * g_.page_size;
  if (cut_before({NvmWrite::Kind::kErasePage, begin})) {
    // A cut erase leaves the page in an undefined mix; model it as the first half erased.
    for (size_t b = begin; b < begin + g_.page_size / 2; ++b) bytes_[b] = g_.erased_value;
    return std::nullopt;
  }
  for (size_t b = begin; b < begin + g_.page_size; ++b) bytes_[b] = g_.erased_value;
  ++wear_[page];
  current_.reset();
  return g_.erase_page_ns;
}

Nanoseconds Nvm::erase_all() {
  for (auto& b : bytes_) b = g_.erased_value;
  for (auto& w : wear_) ++w;
  return g_.erase_page_ns * wear_.size();
}

void Nvm::arm_power_cut_after_words(uint64_t words) {
  cut_countdown_ = words;
  cut_fired_ = false;
}

void Nvm::clear_power_cut() {
  cut_countdown_.reset();
  cut_fired_ = false;
  current_.reset();
}

nlohmann::json Nvm::to_json() const {
  nlohmann::json pages = nlohmann::json::object();
  nlohmann::json wear = nlohmann::json::object();
  for (size_t p = 0; p < wear_.size(); ++p) {
    std::span<const uint8_t> page(bytes_.data() + p * g_.page_size, g_.page_size);
    bool erased = true;
    for (uint8_t b : page) erased = erased && b == g_.erased_value;
    if (!erased) pages[std::to_string(p)] = to_hex(page);
    if (wear_[p] != 0) wear[std::to_string(p)] = wear_[p];
  }
  return nlohmann::json{{"size", g_.size}, {"page_size", g_.page_size}, {"pages", pages}, {"wear", wear}};
}

namespace {

// A snapshot is read from files a user can edit: every value is checked for its JSON type before
// it is converted, so a wrong one is an invalid_argument naming it, never a conversion out of range.
uint64_t snapshot_count(const nlohmann::json& v, const std::string& what, uint64_t max) {
  if (!v.is_number_unsigned() || v.get<uint64_t>() > max) {
    throw std::invalid_argument("NVM snapshot " + what + " must be an integer 0.." + std::to_string(max) + ", not " +
                                v.dump());
  }
  return v.get<uint64_t>();
}

size_t snapshot_page(const std::string& key, size_t pages, const char* what) {
  const bool digits = !key.empty() && key.size() <= 9 && key.find_first_not_of("0123456789") == std::string::npos;
  if (!digits || std::stoul(key) >= pages) {
    throw std::invalid_argument(std::string("NVM snapshot ") + what + " \"" + key + "\" is not a page of the memory");
  }
  return std::stoul(key);
}

const nlohmann::json* snapshot_object(const nlohmann::json& j, const char* key) {
  if (!j.contains(key)) return nullptr;
  const nlohmann::json& v = j.at(key);
  if (!v.is_object()) throw std::invalid_argument(std::string("NVM snapshot \"") + key + "\" must be an object");
  return &v;
}

}  // namespace

void Nvm::load_json(const nlohmann::json& j) {
  if (!j.is_object()) throw std::invalid_argument("NVM snapshot must be an object");
  const uint64_t size = j.contains("size") ? snapshot_count(j.at("size"), "size", UINT64_MAX) : g_.size;
  const uint64_t page_size =
      j.contains("page_size") ? snapshot_count(j.at("page_size"), "page_size", UINT64_MAX) : g_.page_size;
  if (size != g_.size || page_size != g_.page_size) {
    throw std::invalid_argument("NVM snapshot geometry does not match the device");
  }
  std::vector<uint8_t> next(g_.size, g_.erased_value);
  std::vector<uint32_t> next_wear(wear_.size(), 0);
  if (const nlohmann::json* pages = snapshot_object(j, "pages")) {
    for (const auto& [key, value] : pages->items()) {
      const size_t p = snapshot_page(key, next_wear.size(), "page");
      if (!value.is_string()) throw std::invalid_argument("NVM snapshot page " + key + " must be a hex string");
      std::vector<uint8_t> bytes = from_hex(value.get<std::string>());
      if (bytes.size() != g_.page_size) throw std::invalid_argument("NVM snapshot page " + key + " has the wrong size");
      std::copy(bytes.begin(), bytes.end(), next.begin() + static_cast<std::ptrdiff_t>(p * g_.page_size));
    }
  }
  if (const nlohmann::json* wear = snapshot_object(j, "wear")) {
    for (const auto& [key, value] : wear->items()) {
      const size_t p = snapshot_page(key, next_wear.size(), "wear entry");
      next_wear[p] = static_cast<uint32_t>(snapshot_count(value, "wear of page " + key, UINT32_MAX));
    }
  }
  bytes_ = std::move(next);
  wear_ = std::move(next_wear);
}

}  // namespace kb::sim
