#pragma once
// ITS in a flash region: two banks, each holding a whole image of the store (a header, then the
// entries). A change builds the new image in RAM, erases the other bank, programs the entries,
// then the header with its sequence number and a CRC-32 over header and entries, so a power cut
// at any word leaves the previous bank as the newest valid one: every set and remove is atomic.
// Mounting picks the valid bank with the higher sequence. Layout (little-endian):
//   header: magic "KITS" (u32 0x5354494B), sequence u32, entries length u32, CRC-32 u32 (never
//           0xFFFFFFFF, so an unprogrammed CRC word never validates)
//   entry:  uid u64, flags u32, size u32, data padded to 4 bytes
// No heap: the RAM image is a member of at most kMaxImageBytes.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/its/its_store.h"
#include "hal/flash_region.h"

namespace kb::core::its {

class FlashIts final : public ItsStore {
 public:
  static constexpr size_t kHeaderBytes = 16;
  static constexpr size_t kEntryHeaderBytes = 16;
  static constexpr size_t kMaxImageBytes = 4096;
  static constexpr uint32_t kMagic = 0x5354494B;

  // The region holds two banks of size()/2 each (a whole number of pages).
  explicit FlashIts(hal::FlashRegion& flash);

  // Reads both banks and takes the newer valid one; none valid is an empty store (a fresh
  // region). kStorageFailure when the region cannot be read or is not two whole-page banks.
  ItsStatus mount();
  bool mounted() const { return mounted_; }
  // Which bank (0, 1) holds the current image, and its sequence; -1 before the first write.
  int active_bank() const { return active_; }
  uint32_t sequence() const { return sequence_; }
  // The number of entries, for tests and reports.
  size_t entry_count() const;

  ItsStatus set(uint64_t uid, std::span<const uint8_t> data, uint32_t flags) override;
  ItsStatus get(uint64_t uid, uint32_t offset, std::span<uint8_t> out, size_t* copied) override;
  ItsStatus get_info(uint64_t uid, ItsInfo* info) override;
  ItsStatus remove(uint64_t uid) override;
  ItsStatus erase_all() override;

 private:
  struct Found {
    size_t offset = 0;  // of the entry header within the entries
    uint32_t flags = 0;
    uint32_t size = 0;
  };
  bool find(uint64_t uid, Found* found) const;
  ItsStatus ensure_mounted();
  // Erases the inactive bank, writes image_[0, length) and the header there; on success that bank
  // becomes the active one. On failure the RAM image is reloaded from flash.
  ItsStatus commit(size_t length);
  bool bank_valid(int bank, uint32_t* sequence, uint32_t* length);

  hal::FlashRegion& flash_;
  size_t bank_bytes_ = 0;
  bool mounted_ = false;
  int active_ = -1;
  uint32_t sequence_ = 0;
  size_t length_ = 0;  // bytes of entries in image_
  std::array<uint8_t, kMaxImageBytes> image_{};
};

// CRC-32 (IEEE 802.3, reflected, init and final XOR 0xFFFFFFFF) continued over data.
uint32_t its_crc32(uint32_t crc, std::span<const uint8_t> data);

}  // namespace kb::core::its
