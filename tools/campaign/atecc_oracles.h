#pragma once
// Oracles on ATECC608A EEPROM images. See oracles.h for what each one means. The chip writes its
// EEPROM in 4-byte words, so a cut tears a 32-byte Write or a GenKey between words (as on the
// part); what must be atomic is a lock, which is a single word (docs/fidelity.md).
#include <nlohmann/json.hpp>
#include <optional>

#include "simulator/atecc608a/eeprom.h"
#include "tools/campaign/refusal.h"

namespace kb::tools::campaign::atecc {

struct Image {
  sim::atecc608a::EepromImage eeprom;
  bool operator==(const Image& o) const {
    return eeprom.config == o.eeprom.config && eeprom.otp == o.eeprom.otp && eeprom.data == o.eeprom.data;
  }
};

// A private-key slot the cut left holding neither the flow's start key nor its end key (a torn
// GenKey) fails the oracle when the re-run did not replace it.
bool no_usable_partial_key(const Image& cut, const Image& rerun, const Image& flow_start, const Image& flow_end);
// The lock bytes (LockValue, LockConfig, SlotLocked) hold their value before or after the
// interrupted command; other words may be torn.
bool rolled_back_or_completed(const Image& cut, const Image& before, const Image& after);
// Config, OTP and every slot, except that a private-key slot counts only as "holds a key" or not:
// a re-run generates its own key, which is as good as the clean run's.
nlohmann::json provisioned_projection(const Image& image);
// No ATECC608A state is beyond the factory flow's re-run when the profile is the same.
std::optional<Refusal> explain_refusal(const Image& image);

}  // namespace kb::tools::campaign::atecc
