#pragma once
// An ItsStore that passes every call through and remembers the last write it was asked for
// ("set 0x00000012 (key file of key 18, 46 bytes)"), so a power cut in the MCU flash is reported
// with the PSA core's storage operation it tore.
#include <cstdint>
#include <string>

#include "core/its/its_store.h"

namespace kb::tools::campaign::psa {

// What Mbed TLS keeps at an ITS UID (fact sheet A2.3): "transaction record", "driver data of
// location 0xF0", "key file of key 18", "the STSAFE-A120 driver's public key of slot 2", else
// "UID 0x...".
std::string describe_uid(uint64_t uid);

class TracedIts final : public core::its::ItsStore {
 public:
  explicit TracedIts(core::its::ItsStore& inner) : inner_(inner) {}

  core::its::ItsStatus set(uint64_t uid, std::span<const uint8_t> data, uint32_t flags) override;
  core::its::ItsStatus get(uint64_t uid, uint32_t offset, std::span<uint8_t> out, size_t* copied) override {
    return inner_.get(uid, offset, out, copied);
  }
  core::its::ItsStatus get_info(uint64_t uid, core::its::ItsInfo* info) override { return inner_.get_info(uid, info); }
  core::its::ItsStatus remove(uint64_t uid) override;
  core::its::ItsStatus erase_all() override;

  // The write in progress, or the last one; "" before the first.
  const std::string& operation() const { return operation_; }

 private:
  core::its::ItsStore& inner_;
  std::string operation_;
};

}  // namespace kb::tools::campaign::psa
