#pragma once
// ITS on a Linux host: one file per entry in a directory, in Mbed TLS's psa_its_file layout (fact
// sheet A2.3): name "%016llx.psa_its" of the UID, content "PSA\0ITS\0", size u32 LE, flags u32 LE,
// then the data. Every set goes through keybench's atomic writer (simulator/files/atomic_file.h:
// temporary, fsync, rename, directory fsync), so a kill or a full disk leaves the old entry or the
// new one; a remove is one unlink. Files are created 0600 (key files and driver data).
#include <string>

#include "core/its/its_store.h"

namespace kb::hal::host {

class FileIts final : public core::its::ItsStore {
 public:
  // The directory is created (0700) on the first set if missing.
  explicit FileIts(std::string directory) : dir_(std::move(directory)) {}

  core::its::ItsStatus set(uint64_t uid, std::span<const uint8_t> data, uint32_t flags) override;
  core::its::ItsStatus get(uint64_t uid, uint32_t offset, std::span<uint8_t> out, size_t* copied) override;
  core::its::ItsStatus get_info(uint64_t uid, core::its::ItsInfo* info) override;
  core::its::ItsStatus remove(uint64_t uid) override;
  core::its::ItsStatus erase_all() override;

  std::string path_of(uint64_t uid) const;

 private:
  // Reads the whole entry; kDoesNotExist, kDataCorrupt (bad magic or size) or kStorageFailure.
  core::its::ItsStatus load(uint64_t uid, std::string* data, core::its::ItsInfo* info) const;
  std::string dir_;
};

}  // namespace kb::hal::host
