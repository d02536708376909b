#pragma once
// Non-volatile memory of a device model: a byte array programmed in words, erased in pages, with
// wear counters, program/erase costs in virtual time, and power-loss tearing. A model keeps its
// persistent state here so a power cut can leave exactly what silicon would.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "simulator/time/scheduler.h"

namespace kb::sim {

struct NvmGeometry {
  size_t size = 4096;
  size_t page_size = 256;
  size_t word_size = 4;  // program granule; a tear leaves whole words old or new
  uint8_t erased_value = 0xFF;
  // Flash: programming can only clear bits (new = old & data) until the page is erased.
  // EEPROM-like memories replace the word outright.
  bool program_clears_bits_only = false;
  Nanoseconds program_word_ns = 0;
  Nanoseconds erase_page_ns = 0;
};

// One word about to be programmed, or one page about to be erased.
struct NvmWrite {
  enum class Kind : uint8_t { kProgramWord, kErasePage };
  Kind kind = Kind::kProgramWord;
  size_t offset = 0;  // byte offset of the word, or of the page's first byte
};

// What a write hook decides for the write it is shown.
enum class NvmWriteVerdict : uint8_t {
  kLand,      // the write happens
  kCutPower,  // the supply dies before it lands: torn exactly like an armed power cut
};

class Nvm {
 public:
  explicit Nvm(const NvmGeometry& geometry);

  const NvmGeometry& geometry() const { return g_; }
  size_t size() const { return bytes_.size(); }

  void read(size_t offset, std::span<uint8_t> out) const;
  uint8_t byte(size_t offset) const { return bytes_.at(offset); }
  std::span<const uint8_t> bytes() const { return bytes_; }

  // Programs data at offset (any alignment: the words it touches are programmed whole).
  // Returns the virtual time it costs; the caller charges it. Returns nullopt when a pending power
  // cut tore the write: the words before the cut hold new data, the rest keep their old bytes.
  std::optional<Nanoseconds> program(size_t offset, std::span<const uint8_t> data);
  std::optional<Nanoseconds> erase_page(size_t page);
  // Whole-memory erase; never torn (modelled as atomic).
  Nanoseconds erase_all();

  // Power-loss injection: the program operation that would be the k-th word programmed from now
  // (0 = the next one) is cut before it lands. Cleared once it fires.
  void arm_power_cut_after_words(uint64_t words);
  bool power_cut_fired() const { return cut_fired_; }
  void clear_power_cut();

  // Fault injection: the hook sees every word program and page erase before it lands (after the
  // armed countdown above has had its say) and may cut the power there. One hook per memory.
  void set_write_hook(std::function<NvmWriteVerdict(const NvmWrite&)> hook) { hook_ = std::move(hook); }
  // The word being written right now (as a hook sees it), or the one a power cut tore, until the
  // next write or clear_power_cut(). Lets a model say which record a fault landed in.
  const std::optional<NvmWrite>& current_write() const { return current_; }

  uint64_t words_programmed() const { return words_programmed_; }
  uint64_t program_operations() const { return program_ops_; }
  uint32_t page_wear(size_t page) const { return wear_.at(page); }

  // Snapshot: {"geometry": {...}, "pages": {"<index>": "<hex>"}} holding only non-erased pages.
  nlohmann::json to_json() const;
  // Restores bytes and wear from a snapshot; throws std::invalid_argument naming the problem.
  void load_json(const nlohmann::json& j);

 private:
  NvmGeometry g_;
  std::vector<uint8_t> bytes_;
  std::vector<uint32_t> wear_;
  uint64_t words_programmed_ = 0;
  uint64_t program_ops_ = 0;
  std::optional<uint64_t> cut_countdown_;
  bool cut_fired_ = false;
  std::function<NvmWriteVerdict(const NvmWrite&)> hook_;
  std::optional<NvmWrite> current_;

  // True when the write must be torn (armed countdown reached, or the hook cut the power).
  bool cut_before(const NvmWrite& write);
};

}  // namespace kb::sim
