#pragma once
// A region of the MCU's own flash that the application owns: read freely, programmed in words
// (bits only go from 1 to 0 until the page is erased), erased in pages. On the simulator it is a
// simulator/nvm memory of the bench (so power-cut campaigns tear its writes), on the nRF5340
// board a range of code flash programmed through the NVMC.
#include <cstddef>
#include <cstdint>
#include <span>

namespace kb::hal {

enum class FlashResult : uint8_t {
  kOk = 0,
  kOutOfRange,  // offset or length outside the region, or not word-aligned
  kPowerLost,   // the supply died during the operation: what it touched is undefined
  kFailed,
};

class FlashRegion {
 public:
  virtual ~FlashRegion() = default;
  virtual size_t size() const = 0;
  virtual size_t page_size() const = 0;
  virtual size_t word_size() const = 0;
  virtual FlashResult read(size_t offset, std::span<uint8_t> out) = 0;
  // offset and data.size() are multiples of word_size().
  virtual FlashResult program(size_t offset, std::span<const uint8_t> data) = 0;
  virtual FlashResult erase_page(size_t page) = 0;
};

}  // namespace kb::hal
