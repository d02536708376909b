#include "simulator/nvm/nvm.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

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

void Nvm::load_json(const nlohmann::json& j) {
  if (!j.is_object()) throw std::invalid_argument("NVM snapshot must be an object");
  if (j.value("size", g_.size) != g_.size || j.value("page_size", g_.page_size) != g_.page_size) {
    throw std::invalid_argument("NVM snapshot geometry does not match the device");
  }
  std::vector<uint8_t> next(g_.size, g_.erased_value);
  std::vector<uint32_t> next_wear(wear_.size(), 0);
  if (j.contains("pages")) {
    for (const auto& [key, value] : j.at("pages").items()) {
      size_t p = std::stoul(key);
      if (p >= next_wear.size()) throw std::invalid_argument("NVM snapshot page " + key + " outside memory");
      std::vector<uint8_t> bytes = from_hex(value.get<std::string>());
      if (bytes.size() != g_.page_size) throw std::invalid_argument("NVM snapshot page " + key + " has the wrong size");
      std::copy(bytes.begin(), bytes.end(), next.begin() + static_cast<std::ptrdiff_t>(p * g_.page_size));
    }
  }
  if (j.contains("wear")) {
    for (const auto& [key, value] : j.at("wear").items()) {
      size_t p = std::stoul(key);
      if (p >= next_wear.size()) throw std::invalid_argument("NVM snapshot wear entry " + key + " outside memory");
      next_wear[p] = value.get<uint32_t>();
    }
  }
  bytes_ = std::move(next);
  wear_ = std::move(next_wear);
}

}  // namespace kb::sim
