#pragma once
// The store behind PSA internal trusted storage (psa_its_*): whole entries of bytes by 64-bit UID,
// each set or remove atomic (after a power cut, an entry is its old value or its new one, never a
// mix). Implemented over MCU flash (flash_its.h: simulator and board) and over files with atomic
// replace (hal/host/file_its.h: a Linux host). No PSA types here, so the store is tested and used
// without Mbed TLS; core/psa/its.cc maps the status to psa_status_t.
#include <cstddef>
#include <cstdint>
#include <span>

namespace kb::core::its {

enum class ItsStatus : uint8_t {
  kOk = 0,
  kDoesNotExist,
  kInvalidArgument,      // offset + length past the entry's size
  kNotPermitted,         // the entry was created write-once
  kInsufficientStorage,  // the store is full
  kStorageFailure,       // the medium failed, or the power went during the write
  kDataCorrupt,          // what the medium holds is not a valid store
};

const char* its_status_name(ItsStatus s);

inline constexpr uint32_t kItsFlagWriteOnce = 1u << 0;

struct ItsInfo {
  uint32_t size = 0;
  uint32_t flags = 0;
};

class ItsStore {
 public:
  virtual ~ItsStore() = default;
  virtual ItsStatus set(uint64_t uid, std::span<const uint8_t> data, uint32_t flags) = 0;
  // Copies out.size() bytes from offset; *copied says how many (always out.size() on kOk).
  virtual ItsStatus get(uint64_t uid, uint32_t offset, std::span<uint8_t> out, size_t* copied) = 0;
  virtual ItsStatus get_info(uint64_t uid, ItsInfo* info) = 0;
  virtual ItsStatus remove(uint64_t uid) = 0;
  // Every entry gone, write-once ones included (the Mbed OS emulation's psa_its_reset, the
  // reference provisioning's "erase secure storage").
  virtual ItsStatus erase_all() = 0;
};

}  // namespace kb::core::its
