#pragma once
// Names of UICR words (fact sheet nrf-kmu-lifecycle.md §1.3, §2.1, §5.2) and of the NVMC work the
// model does, for activity lines and fault reports.
#include <cstdint>
#include <string>

namespace kb::sim::nrf {

// "KMU slot 6 VALUE[2], identity key", "BL_STORAGE lifecycle word 0", "OTP[40]", "APPROTECT";
// empty for a word with no name.
std::string uicr_word_name(uint32_t offset);

// What the NVMC is doing, as a model records it before the word lands.
struct NvmcOperation {
  enum class Kind : uint8_t { kUicrWrite, kKmuZeroize, kFlashWrite, kFlashPageErase, kEraseAll };
  Kind kind = Kind::kUicrWrite;
  uint32_t offset = 0;  // into the UICR or the code flash
  uint32_t value = 0;   // the word written
};

// "NVMC write 0xFFFF0000 to UICR+0x0100 (BL_STORAGE lifecycle word 0)".
std::string describe_nvmc_operation(const NvmcOperation& op);

}  // namespace kb::sim::nrf
